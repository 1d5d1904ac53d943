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
import { missingHint, trainingRange } from './describe-input';
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

/** The empty choice of an optional category. */
const NOT_KNOWN = 'Not known';

/**
 * One form field generated from a manifest input: a decimal text field with its range and unit
 * for numbers, a radio group or a select for categories. An optional input says "(optional)" in
 * its name, may be left empty (a "Not known" choice for categories), and says what the model
 * then assumes.
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

  /** The visible name; "(optional)" is part of it, so assistive tech hears it too. */
  private renderName(spec: InputSpec) {
    return html`${spec.label}${
      spec.optional ? html` <span class="optional">(optional)</span>` : nothing
    }`;
  }

  /** What leaving an optional field empty means, or nothing for a required one. */
  private renderMissing(spec: InputSpec) {
    const hint = missingHint(spec);
    return hint ? html`<p class="hint" id="empty-${spec.name}">${hint}</p>` : nothing;
  }

  /** Ids of the texts describing the control: the hints, then the message if any. */
  private describedBy(spec: InputSpec, ...hints: string[]): string | undefined {
    const ids = [...hints];
    if (spec.optional) ids.push(`empty-${spec.name}`);
    if (this.messageText()) ids.push(`msg-${spec.name}`);
    return ids.join(' ') || undefined;
  }

  private renderNumber(spec: NumberInputSpec) {
    const id = `input-${spec.name}`;
    return html`
      <label class="label" for=${id}>${this.renderName(spec)}</label>
      <p class="hint" id="hint-${spec.name}">
        ${spec.description} Seen in training: ${trainingRange(spec)}.
      </p>
      ${this.renderMissing(spec)}
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
          aria-describedby=${ifDefined(this.describedBy(spec, `hint-${spec.name}`))}
          @input=${(e: Event) => this.changed((e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => this.step(e, spec)}
        />
        ${spec.unit ? html`<span class="unit" aria-hidden="true">${spec.unit}</span>` : nothing}
      </div>
      ${this.renderMessage(`msg-${spec.name}`)}
    `;
  }

  // An optional category has an explicit empty choice: "Not known" (value "").
  private renderCategory(spec: CategoryInputSpec) {
    const describedBy = this.describedBy(spec);
    const empty = this.value.trim() === '';
    if (spec.categories.length > MAX_RADIOS) {
      const id = `input-${spec.name}`;
      return html`
        <label class="label" for=${id}>${this.renderName(spec)}</label>
        <p class="hint">${spec.description}</p>
        ${this.renderMissing(spec)}
        <select
          id=${id}
          part="control"
          name=${spec.name}
          aria-invalid=${this.issue ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy)}
          @change=${(e: Event) => this.changed((e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${!spec.categories.includes(this.value)}>
            ${spec.optional ? NOT_KNOWN : 'Choose…'}
          </option>
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
    const choices: [string, string][] = spec.categories.map((c) => [c, categoryLabel(spec, c)]);
    if (spec.optional) choices.push(['', NOT_KNOWN]);
    return html`
      <fieldset
        aria-describedby=${ifDefined(describedBy)}
        aria-invalid=${this.issue ? 'true' : 'false'}
      >
        <legend>${this.renderName(spec)}</legend>
        <p class="hint">${spec.description}</p>
        ${this.renderMissing(spec)}
        <div class="options">
          ${choices.map(
            ([c, text]) =>
              html`<label class="option">
                <input
                  type="radio"
                  name=${spec.name}
                  value=${c}
                  .checked=${c === '' ? empty : c === this.value}
                  @change=${() => this.changed(c)}
                /><span>${text}</span>
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
