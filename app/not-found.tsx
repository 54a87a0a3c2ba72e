import Link from 'next/link';

export default function NotFound() {
  return (
    <main>
      <h1>Not found</h1>
      <p>There is nothing at this address. The checkout may never have existed.</p>
      <Link href="/">Back to the shop</Link>
    </main>
  );
}
