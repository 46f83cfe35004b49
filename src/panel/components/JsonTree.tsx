// Collapsible JSON tree, exact: numbers show and copy with the digits sent (JSON.parse would round
// 9007199254740993), and a repeated key shows each time. Keys and values are text nodes; nothing from the
// payload becomes markup.
import { stringifyJson, type JsonValue } from '../../protocols/json';
import { jsonPath } from '../format';
import { CopyButton } from './CopyButton';
import { TreeBranch } from './TreeBranch';

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
    <TreeBranch
      depth={depth}
      path={path}
      label={label}
      summary={summary}
      extra={copies}
      count={entries.length}
      child={(index) => {
        const [key, child] = entries[index]!;
        return <JsonNode name={key} value={child} path={jsonPath(path, key)} depth={depth + 1} />;
      }}
    />
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
