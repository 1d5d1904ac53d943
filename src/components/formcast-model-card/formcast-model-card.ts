import { defineElement } from '../define-element';
import { FormcastModelCard } from './formcast-model-card.component';

export { FormcastModelCard };

defineElement('formcast-model-card', FormcastModelCard);

declare global {
  interface HTMLElementTagNameMap {
    'formcast-model-card': FormcastModelCard;
  }
}
