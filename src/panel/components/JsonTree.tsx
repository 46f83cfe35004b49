// Collapsible JSON tree, exact: numbers show and copy with the digits sent (JSON.parse would round
// 9007199254740993), and a repeated key shows each time. Keys and values are text nodes; nothing from the
// payload becomes markup.
import { useState } from 'preact/hooks';
import { stringifyJson, type JsonValue } from '../../protocols/json';
import { jsonPath } from '../format';
import { CopyButton } from './CopyButton';

/** Children shown per node before a "show more" button: keeps huge arrays from freezing the pane. */
const CHILDREN_PAGE = 200;
/** Levels open when a message is first shown. */
const OPEN_DEPTH = 2;

export function JsonTree({ value }: { value: JsonValue }) {
  return (
    <div class="json-tree" role="tree" aria-label="JSON">
      <JsonNode name={null} value={value} path="$" depth={0} />
    </div>
  );
}

interface JsonNodeProps {
  name: string | number | null;
  value: JsonValue;
  path: string;
  depth: number;
}

function JsonNode({ name, value, path, depth }: JsonNodeProps) {
  const [open, setOpen] = useState(depth < OPEN_DEPTH);
  const [shown, setShown] = useState(CHILDREN_PAGE);
  const entries: [string | number, JsonValue][] =
    value.kind === 'array' ? value.items.map((item, i) => [i, item]) : value.kind === 'object' ? value.entries : [];

  const label = name === null ? null : <span class="json-key">{typeof name === 'number' ? name : JSON.stringify(name)}</span>;
  const copies = (
    <span class="json-copies">
      <CopyButton label="value" title={`Copy the value at ${path}`} text={() => copyableValue(value)} />
      <CopyButton label="path" title="Copy the path" text={() => path} />
    </span>
  );

  if (value.kind !== 'object' && value.kind !== 'array') {
    return (
      <div class="json-node json-leaf" role="treeitem" data-path={path}>
        {label}
        {label && ': '}
        <JsonScalar value={value} />
        {copies}
      </div>
    );
  }

  const summary = value.kind === 'array' ? `Array(${entries.length})` : `{${entries.length} ${entries.length === 1 ? 'key' : 'keys'}}`;
  return (
    <div class="json-node" role="treeitem" aria-expanded={open} data-path={path}>
      <div class="json-line">
        <button type="button" class="json-toggle" aria-label={open ? 'Collapse' : 'Expand'} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        {label}
        {label && ': '}
        <span class="json-summary">{summary}</span>
        {copies}
      </div>
      {open && (
        <div class="json-children" role="group">
          {entries.slice(0, shown).map(([key, child], index) => (
            <JsonNode key={index} name={key} value={child} path={jsonPath(path, key)} depth={depth + 1} />
          ))}
          {entries.length > shown && (
            <button type="button" class="json-more" onClick={() => setShown(shown + CHILDREN_PAGE)}>
              Show {Math.min(CHILDREN_PAGE, entries.length - shown)} more of {entries.length - shown}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function JsonScalar({ value }: { value: Exclude<JsonValue, { kind: 'object' | 'array' }> }) {
  switch (value.kind) {
    case 'string':
      return <span class="json-string">{JSON.stringify(value.value)}</span>;
    case 'number':
      return <span class="json-number">{value.raw}</span>;
    case 'boolean':
      return <span class="json-boolean">{String(value.value)}</span>;
    case 'null':
      return <span class="json-null">null</span>;
  }
}

/** Strings copy as their text; everything else as exact pretty JSON. */
function copyableValue(value: JsonValue): string {
  return value.kind === 'string' ? value.value : stringifyJson(value, 2);
}
