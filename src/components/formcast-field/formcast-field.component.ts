import { html, LitElement, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { InputIssue } from '../../errors';
import type { InputWarning } from '../../inputs/validate-inputs';
import {
  type CategoryInputSpec,
  categoryLabel,
  type InputSpec,
  type NumberInputSpec,
} from '../../manifest/manifest-types';
import { sharedStyles } from '../shared.styles';
import { fieldStyles } from './formcast-field.styles';

/** Internal event: the user changed the field. Not part of the public API. */
export class FieldChangeEvent extends Event {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super('field-change', { bubbles: true, composed: true });
  }
}

/** At most this many categories render as radio buttons; more become a select. */
const MAX_RADIOS = 4;

/**
 * One form field generated from a manifest input: a decimal text field with its range and unit
 * for numbers, a radio group or a select for categories.
 *
 * @summary One manifest-driven input of the prediction form.
 * @tag formcast-field
 * @csspart control - The text input or select.
 * @event field-change - Internal: the user changed the value (a FieldChangeEvent).
 */
export class FormcastField extends LitElement {
  static override styles = [sharedStyles, fieldStyles];

  /** The manifest's description of this input. */
  @property({ attribute: false }) spec: InputSpec | undefined;
  /** The raw value as typed or chosen. */
  @property() value = '';
  /** What is wrong with the value, if anything. */
  @property({ attribute: false }) issue: InputIssue | undefined;
  /** Valid but unusual (outside the training range). */
  @property({ attribute: false }) warning: InputWarning | undefined;

  /** Moves keyboard focus to the field's control. */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('input, select')?.focus();
  }

  private messageText(): string | undefined {
    if (this.issue) {
      if (this.issue.code === 'missing') return 'Required: enter a value.';
      return this.issue.message.replace(`${this.issue.field}: `, '');
    }
    return this.warning?.message.replace(`${this.warning.field}: `, '');
  }

  private renderMessage(id: string) {
    const text = this.messageText();
    if (!text) return nothing;
    return html`<p id=${id} class="message ${this.issue ? 'error' : 'warning'}">
      ${this.issue ? 'Error: ' : 'Warning: '}${text}
    </p>`;
  }

  private renderNumber(spec: NumberInputSpec) {
    const id = `input-${spec.name}`;
    const unit = spec.unit ? ` ${spec.unit}` : '';
    const describedBy = [`hint-${spec.name}`, this.messageText() ? `msg-${spec.name}` : '']
      .join(' ')
      .trim();
    return html`
      <label class="label" for=${id}>${spec.label}</label>
      <p class="hint" id="hint-${spec.name}">
        ${spec.description} Seen in training: ${spec.min}–${spec.max}${unit}.
      </p>
      <div class="control">
        <input
          id=${id}
          part="control"
          type="text"
          inputmode="decimal"
          autocomplete="off"
          spellcheck="false"
          name=${spec.name}
          .value=${this.value}
          aria-invalid=${this.issue ? 'true' : 'false'}
          aria-describedby=${describedBy}
          @input=${(e: Event) => this.changed((e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => this.step(e, spec)}
        />
        ${spec.unit ? html`<span class="unit" aria-hidden="true">${spec.unit}</span>` : nothing}
      </div>
      ${this.renderMessage(`msg-${spec.name}`)}
    `;
  }

  private renderCategory(spec: CategoryInputSpec) {
    const describedBy = this.messageText() ? `msg-${spec.name}` : undefined;
    if (spec.categories.length > MAX_RADIOS) {
      const id = `input-${spec.name}`;
      return html`
        <label class="label" for=${id}>${spec.label}</label>
        <p class="hint">${spec.description}</p>
        <select
          id=${id}
          part="control"
          name=${spec.name}
          aria-invalid=${this.issue ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy)}
          @change=${(e: Event) => this.changed((e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!spec.categories.includes(this.value)}>Choose…</option>
          ${spec.categories.map(
            (c) =>
              html`<option value=${c} ?selected=${c === this.value}>
                ${categoryLabel(spec, c)}
              </option>`,
          )}
        </select>
        ${this.renderMessage(`msg-${spec.name}`)}
      `;
    }
    return html`
      <fieldset
        aria-describedby=${ifDefined(describedBy)}
        aria-invalid=${this.issue ? 'true' : 'false'}
      >
        <legend>${spec.label}</legend>
        <p class="hint">${spec.description}</p>
        <div class="options">
          ${spec.categories.map(
            (c) =>
              html`<label class="option">
                <input
                  type="radio"
                  name=${spec.name}
                  value=${c}
                  .checked=${c === this.value}
                  @change=${() => this.changed(c)}
                /><span>${categoryLabel(spec, c)}</span>
              </label>`,
          )}
        </div>
        ${this.renderMessage(`msg-${spec.name}`)}
      </fieldset>
    `;
  }

  private changed(value: string): void {
    this.value = value;
    this.dispatchEvent(new FieldChangeEvent(this.spec!.name, value));
  }

  /** Arrow keys step a text field like a number input would, without its parsing quirks. */
  private step(event: KeyboardEvent, spec: NumberInputSpec): void {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    const current = Number(this.value.trim());
    if (this.value.trim() === '' || !Number.isFinite(current)) return;
    event.preventDefault();
    const delta = (event.key === 'ArrowUp' ? 1 : -1) * spec.step * (event.shiftKey ? 10 : 1);
    const decimals = Math.max(0, -Math.floor(Math.log10(spec.step)));
    const next = (current + delta).toFixed(decimals);
    (event.target as HTMLInputElement).value = next;
    this.changed(String(Number(next)));
  }

  override render() {
    if (!this.spec) return nothing;
    return this.spec.type === 'number'
      ? this.renderNumber(this.spec)
      : this.renderCategory(this.spec);
  }
}
