import { transferHandlers } from 'comlink';

/**
 * Comlink rebuilds thrown errors from {message, name, stack} only, so an error's `code` would be
 * lost crossing the worker boundary. Its deserializer copies every serialized field back onto the
 * new Error, so widening the serializer is enough; both sides import this module.
 */
const original = transferHandlers.get('throw');
if (original && !(original as { formcast?: true }).formcast) {
  transferHandlers.set('throw', {
    formcast: true,
    canHandle: original.canHandle,
    serialize(value: unknown) {
      const [wire, transferables] = original.serialize(value) as [
        { isError: boolean; value: Record<string, unknown> },
        Transferable[],
      ];
      const thrown = (value as { value: unknown }).value;
      if (wire.isError && thrown instanceof Error) {
        const { code, details } = thrown as Error & { code?: unknown; details?: unknown };
        if (code !== undefined) wire.value.code = code;
        if (details !== undefined) wire.value.details = details;
      }
      return [wire, transferables];
    },
    deserialize: original.deserialize,
  } as typeof original);
}
