// A decoded message's structure: each protocol item with its type, key and fields as a collapsible tree.
// Labels and values are text nodes; nothing decoded from a payload becomes markup.
import { useState } from 'preact/hooks';
import type { DecodedItem, DecodedMessage, TreeNode } from '../../protocols/types';
import { CopyButton } from '../components/CopyButton';

/** Children shown per node before "show more": keeps a huge array from freezing the pane. */
const CHILDREN_PAGE = 200;
const OPEN_DEPTH = 2;

export function DecodedTree({ decoded, protocolName }: { decoded: DecodedMessage; protocolName: string }) {
  return (
    <div class="decoded-tree" role="tree" aria-label={`${protocolName} message`}>
      <div class="decoded-head">
        <span class="decoded-protocol">{protocolName}</span>
        {decoded.continuation && <span class="mark">continues an earlier message</span>}
      </div>
      {decoded.error && (
        <div class="wsi-error" role="alert">
          {decoded.error}
        </div>
      )}
      {decoded.items.map((item, index) => (
        <DecodedItemView key={index} item={item} />
      ))}
    </div>
  );
}

function DecodedItemView({ item }: { item: DecodedItem }) {
  const fields = Object.entries(item.fields);
  return (
    <div class="decoded-item" role="treeitem" aria-expanded>
      <div class="decoded-item-head">
        <span class="decoded-type">{item.type}</span>
        {item.key !== undefined && item.key !== '' && <span class="decoded-key">{item.key}</span>}
        {item.correlation && (
          <span class="mark" title={`${item.correlation.role} ${item.correlation.scope}`}>
            {item.correlation.role === 'request' ? 'asks' : 'answers'} #{item.correlation.id}
          </span>
        )}
      </div>
      {item.error && (
        <div class="wsi-error" role="alert">
          {item.error}
        </div>
      )}
      {fields.length > 0 && (
        <div class="decoded-fields">
          {fields.map(([name, value]) => (
            <span key={name} class="decoded-field">
              <span class="json-key">{name}</span>: {value}
            </span>
          ))}
        </div>
      )}
      <div role="group">
        {item.tree.map((node, index) => (
          <TreeNodeView key={index} node={node} depth={0} />
        ))}
      </div>
    </div>
  );
}

function TreeNodeView({ node, depth }: { node: TreeNode; depth: number }) {
  const [open, setOpen] = useState(depth < OPEN_DEPTH);
  const [shown, setShown] = useState(CHILDREN_PAGE);
  const children = node.children;
  if (!children) {
    return (
      <div class="json-node json-leaf" role="treeitem">
        {node.label !== '' && <span class="json-key">{node.label}</span>}
        {node.label !== '' && ': '}
        <span class={`json-${valueClass(node.type)}`}>{node.type === 'string' ? JSON.stringify(node.value ?? '') : (node.value ?? '')}</span>
        <span class="json-copies">
          <CopyButton label="value" title="Copy the value" text={() => node.value ?? ''} />
        </span>
      </div>
    );
  }
  const summary = node.type === 'array' ? `Array(${children.length})` : node.value !== undefined ? node.value : `{${children.length}}`;
  return (
    <div class="json-node" role="treeitem" aria-expanded={open}>
      <div class="json-line">
        <button type="button" class="json-toggle" aria-label={open ? 'Collapse' : 'Expand'} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        {node.label !== '' && <span class="json-key">{node.label}</span>}
        {node.label !== '' && ': '}
        <span class="json-summary">{summary}</span>
      </div>
      {open && (
        <div class="json-children" role="group">
          {children.slice(0, shown).map((child, index) => (
            <TreeNodeView key={index} node={child} depth={depth + 1} />
          ))}
          {children.length > shown && (
            <button type="button" class="json-more" onClick={() => setShown(shown + CHILDREN_PAGE)}>
              Show {Math.min(CHILDREN_PAGE, children.length - shown)} more of {children.length - shown}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function valueClass(type: TreeNode['type']): string {
  switch (type) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'string':
      return 'string';
    default:
      return 'text';
  }
}
