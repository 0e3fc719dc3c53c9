import type { ReactNode } from 'react';

type AlertProps = {
  tone?: 'error' | 'info' | 'success';
  children?: ReactNode;
};

/**
 * A live region that stays in the page even when empty: screen readers announce a change of
 * content more reliably than a region that appears with its content already inside.
 * Errors interrupt (role="alert"); other news waits its turn (role="status").
 */
export function Alert({ tone = 'error', children }: AlertProps) {
  const hasContent = children !== undefined && children !== null && children !== false && children !== '';
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      aria-live={tone === 'error' ? 'assertive' : 'polite'}
      aria-atomic="true"
      className={hasContent ? `alert alert--${tone}` : undefined}
    >
      {hasContent ? children : null}
    </div>
  );
}
