/**
 * After a route change, focus moves to the new screen's main heading (or, until it exists,
 * the main landmark), so keyboard and screen-reader users land in the new screen instead of
 * on a link that no longer exists (focus would fall back to <body>, the top of the page).
 */
import { useEffect, useRef } from 'react';

/** How long to wait for a screen that loads its data before its heading appears, ms. */
const HEADING_WAIT_MS = 3000;

/** True when focus is somewhere the user did not choose in the new screen. */
function focusIsAdrift(main: HTMLElement): boolean {
  const active = document.activeElement;
  if (active === null || active === document.body || active === main) return true;
  // A link in the header (the navigation) was used to get here.
  return !main.contains(active) && active.closest('header') !== null;
}

/**
 * Focuses the first visible h1. Visible matters: while a lazy screen loads, React keeps the
 * previous screen in the DOM with `display: none`, and focusing its heading silently fails.
 */
function focusHeading(main: HTMLElement): boolean {
  const heading = [...main.querySelectorAll<HTMLElement>('h1')].find((h) => h.getClientRects().length > 0);
  if (heading === undefined) return false;
  if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
  return document.activeElement === heading;
}

/** Moves focus when `routeKey` changes (not on the first render: the page just loaded). */
export function useRouteFocus(routeKey: string, mainId: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = document.getElementById(mainId);
    if (main === null || !focusIsAdrift(main)) return;
    if (focusHeading(main)) return;
    main.focus({ preventScroll: true });
    // The screen is still loading: move on to its heading when it appears, unless the user
    // has gone somewhere else in the meantime.
    const observer = new MutationObserver(() => {
      if (document.activeElement !== main || focusHeading(main)) stop();
    });
    const timer = setTimeout(() => stop(), HEADING_WAIT_MS);
    const stop = (): void => {
      observer.disconnect();
      clearTimeout(timer);
    };
    observer.observe(main, { childList: true, subtree: true });
    return stop;
  }, [routeKey, mainId]);
}
