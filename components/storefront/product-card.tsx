import { catalogText, type Product } from '@/lib/catalog';
import type { Locale } from '@/lib/i18n/locales';
import { AddToCartButton } from './add-to-cart-button';
import { ProductPrice } from './product-price';

export function ProductCard({ product, locale }: { product: Product; locale: Locale }) {
  const { name, description } = catalogText(product, locale);
  return (
    <li className="card">
      {/* biome-ignore lint/performance/noImgElement: small local SVGs need no image optimisation */}
      <img src={product.image} alt="" width={240} height={160} className="product-image" />
      <h2>{name}</h2>
      <p>{description}</p>
      <ProductPrice prices={product.prices} />
      <AddToCartButton productId={product.id} name={name} />
    </li>
  );
}
