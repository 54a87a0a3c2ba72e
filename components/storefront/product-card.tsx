import type { Product } from '@/lib/catalog';
import { AddToCartButton } from './add-to-cart-button';
import { ProductPrice } from './product-price';

export function ProductCard({ product }: { product: Product }) {
  return (
    <li className="card">
      {/* biome-ignore lint/performance/noImgElement: small local SVGs need no image optimisation */}
      <img src={product.image} alt="" width={240} height={160} className="product-image" />
      <h2>{product.name}</h2>
      <p>{product.description}</p>
      <ProductPrice productId={product.id} />
      <AddToCartButton productId={product.id} />
    </li>
  );
}
