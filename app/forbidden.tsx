import Link from 'next/link';

export default function Forbidden() {
  return (
    <main>
      <h1>This checkout belongs to someone else</h1>
      <p>It was started in another browser. Start your own checkout from your cart.</p>
      <Link href="/">Back to the shop</Link>
    </main>
  );
}
