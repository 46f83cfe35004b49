// One collapsible branch of a tree (the JSON tree, a decoded protocol message): its line with a toggle, a
// label and a summary, and its children a page at a time so a huge array cannot freeze the pane.
import { Fragment, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/** Children shown per branch before a "show more" button. */
const CHILDREN_PAGE = 200;
/** Levels open when a tree is first shown. */
const OPEN_DEPTH = 2;

interface TreeBranchProps {
  depth: number;
  /** The key or field name, already as text nodes; null for the root. */
  label: ComponentChildren | null;
  summary: ComponentChildren;
  /** Shown after the summary (copy buttons). */
  extra?: ComponentChildren;
  count: number;
  child: (index: number) => ComponentChildren;
  path?: string;
}

export function TreeBranch({ depth, label, summary, extra, count, child, path }: TreeBranchProps) {
  const [open, setOpen] = useState(depth < OPEN_DEPTH);
  const [shown, setShown] = useState(CHILDREN_PAGE);
  return (
    <div class="json-node" role="treeitem" aria-expanded={open} data-path={path}>
      <div class="json-line">
        <button type="button" class="json-toggle" aria-label={open ? 'Collapse' : 'Expand'} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        {label}
        {label && ': '}
        <span class="json-summary">{summary}</span>
        {extra}
      </div>
      {open && (
        <div class="json-children" role="group">
          {Array.from({ length: Math.min(shown, count) }, (_, index) => (
            <Fragment key={index}>{child(index)}</Fragment>
          ))}
          {count > shown && (
            <button type="button" class="json-more" onClick={() => setShown(shown + CHILDREN_PAGE)}>
              Show {Math.min(CHILDREN_PAGE, count - shown)} more of {count - shown}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
