import { drop } from '../../drop.js';
import type { Hit } from '../../hit.js';
import type { Step } from '../../pipeline.js';

/**
 * Sites whose privacy mode refuses ecommerce: an order or a cart update carries nothing but ecommerce
 * data, so it is dropped (reason refused-ecommerce, counted); on any other hit the product-page fields
 * (_pkc, _pkp, _pks, _pkn) are removed and the hit is kept, with the refusal recorded on it.
 */
export const refuseEcommerce: Step = {
  name: 'refuseEcommerce',
  run: (hit: Hit, ctx) => {
    if (ctx.site.privacy.allowEcommerce) return undefined;
    if (hit.actionType === 'ecommerce_order' || hit.actionType === 'ecommerce_cart') return drop('refused-ecommerce');
    if (
      hit.productCategory === undefined &&
      hit.productPrice === undefined &&
      hit.productSku === undefined &&
      hit.productName === undefined &&
      hit.items === undefined
    )
      return undefined;
    delete hit.productCategory;
    delete hit.productPrice;
    delete hit.productSku;
    delete hit.productName;
    delete hit.items;
    hit.refused = [...(hit.refused ?? []), 'refused-ecommerce'];
    return undefined;
  },
};
