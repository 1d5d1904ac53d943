/**
 * Registers a custom element once. A page that loads Formcast twice, or already defined the tag,
 * gets a console warning instead of the exception customElements.define would throw.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) {
    customElements.define(tag, element);
  } else if (existing !== element) {
    console.warn(
      `formcast: <${tag}> is already defined on this page (by another copy of Formcast?); keeping the first definition.`,
    );
  }
}
