// Column widths measured from the rendered table: what a column's cells need (double-click on its
// edge), and what the Marks column needs for the sets of marks in view. Text widths depend on fonts,
// so they are measured with the table's own CSS rather than guessed from character counts.

/** Width of the widest content among the column's rendered cells (the rows in view and the header), padding included. */
export function fitColumnWidth(table: HTMLElement, className: string): number {
  const range = document.createRange();
  let widest = 0;
  let padding = 0;
  for (const cell of table.querySelectorAll<HTMLElement>(`.message-row > .${className}`)) {
    // The header's own content is its label; its resize handle and menu button do not count.
    range.selectNodeContents(cell.querySelector('.column-label') ?? cell);
    widest = Math.max(widest, range.getBoundingClientRect().width);
    if (padding === 0) {
      const style = getComputedStyle(cell);
      padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    }
  }
  return Math.ceil(widest + padding) + 1;
}

/**
 * Width the Marks column needs for these sets of mark labels (each set's labels joined by '\n') and
 * its header; 0 for none. Measured off screen on probe rows styled as the table's.
 */
export function measureMarksWidth(markSets: readonly string[], header: string): number {
  if (markSets.length === 0) return 0;
  const probe = document.createElement('div');
  probe.className = 'column-probe';
  const headerRow = probe.appendChild(document.createElement('div'));
  headerRow.className = 'message-row message-header';
  const headerCell = headerRow.appendChild(document.createElement('span'));
  headerCell.className = 'col-marks';
  headerCell.appendChild(document.createElement('span')).textContent = header;
  for (const set of markSets) {
    const row = probe.appendChild(document.createElement('div'));
    row.className = 'message-row';
    const cell = row.appendChild(document.createElement('span'));
    cell.className = 'col-marks';
    for (const label of set.split('\n')) {
      const mark = cell.appendChild(document.createElement('span'));
      mark.className = 'mark';
      mark.textContent = label;
    }
  }
  document.body.append(probe);
  const widths = [...probe.querySelectorAll('.col-marks')].map((cell) => cell.getBoundingClientRect().width);
  probe.remove();
  return Math.ceil(Math.max(...widths)) + 1;
}
