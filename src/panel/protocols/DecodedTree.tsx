// A decoded message's structure: each protocol item with its type, key and fields as a collapsible tree.
// Labels and values are text nodes; nothing decoded from a payload becomes markup.
import type { DecodedItem, DecodedMessage, TreeNode } from '../../protocols/types';
import { CopyButton } from '../components/CopyButton';
import { TreeBranch } from '../components/TreeBranch';

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
    <TreeBranch
      depth={depth}
      label={node.label !== '' ? <span class="json-key">{node.label}</span> : null}
      summary={summary}
      count={children.length}
      child={(index) => <TreeNodeView node={children[index]!} depth={depth + 1} />}
    />
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
