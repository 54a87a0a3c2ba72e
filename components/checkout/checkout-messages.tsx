'use client';

/** The page's single alert (errors) and its polite status (notices, the new total for screen readers). */
export function CheckoutMessages({
  error,
  notice,
  announcement,
}: {
  error: string | null;
  notice: string | null;
  announcement: string;
}) {
  return (
    <>
      {error !== null && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <p role="status" className={notice === null ? 'status-region' : 'notice status-region'}>
        {notice}
        <span className="visually-hidden">{announcement}</span>
      </p>
    </>
  );
}
