export default function StorefrontPage() {
  return <main><h1>Coffee shop</h1></main>;
}
