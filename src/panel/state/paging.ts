// How many rows a view reads at a time. Its own module: the first read starts before the state's
// modules load (first-view.ts), and needs only these numbers.

/** Rows per read: big enough to load 100,000 rows quickly. */
export const PAGE_ROWS = 5000;
/** A view's first read asks for a few screens only (one stored chunk to read), so they show sooner. */
export const FIRST_PAGE_ROWS = 200;
