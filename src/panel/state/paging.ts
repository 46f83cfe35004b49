// How many rows a view reads at a time. Its own module: the first read starts before the state's
// modules load (first-view.ts), and needs only these numbers.

/** Rows per read: big enough to load 100,000 rows quickly. */
export const PAGE_ROWS = 5000;
// The first page's size: the background keeps a head of that page for the panel's first rows (src/db/first-page.ts).
export { FIRST_PAGE_ROWS } from '../../db/first-page';
