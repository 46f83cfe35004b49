// Sums over a list that mostly grows at its end (the table's rows, the rows a filter shows): each
// call folds in only the items added since the last one, so a live update of 100,000 rows costs its
// new rows, not a pass over all of them. When the list is another one (a new filter, a merge, Clear)
// the fold starts over once.

export class AppendFold<Item, Sum> {
  private keys: readonly unknown[] = [];
  private done = 0;
  private lastItem: Item | undefined;
  private sum: Sum;

  constructor(
    private readonly empty: () => Sum,
    private readonly take: (sum: Sum, item: Item) => void,
  ) {
    this.sum = empty();
  }

  /**
   * The fold of `items`. `keys` name what the list derives from (the rows array, the filter): while
   * they are the same objects, the list did not shrink and its last folded item is still in place, the
   * fold goes on from there; otherwise it starts from the first item.
   */
  over(items: ArrayLike<Item>, keys: readonly unknown[]): Sum {
    const continues =
      keys.length === this.keys.length &&
      keys.every((key, i) => key === this.keys[i]) &&
      items.length >= this.done &&
      (this.done === 0 || items[this.done - 1] === this.lastItem);
    if (!continues) {
      this.keys = keys;
      this.done = 0;
      this.sum = this.empty();
    }
    for (; this.done < items.length; this.done++) this.take(this.sum, items[this.done]!);
    if (this.done > 0) this.lastItem = items[this.done - 1];
    return this.sum;
  }
}
