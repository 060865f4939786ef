// An in-app link: a real `<a href>` (so open-in-new-tab and copy-link work) whose plain left
// clicks are handled by the history router instead of a page load.
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate, useLocationPath } from './history.ts';

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  readonly to: string;
  /** Marks the link `aria-current="page"` when the current path is `to`. */
  readonly navLink?: boolean;
}

export function Link({ to, navLink, onClick, ...rest }: LinkProps) {
  const path = useLocationPath();
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a {...rest} href={to} onClick={handleClick} aria-current={navLink && path === to ? 'page' : undefined} />
  );
}
