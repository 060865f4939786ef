// `floe convert <id>`: object ID ↔ base36 subdomain label, in whichever direction the input is.
import { base36ToObjectId, objectIdToBase36 } from '../../core/site/base36.ts';
import { normalizeObjectId } from '../../core/site/object-id.ts';
import { UsageError, parse, type Command } from '../cli/command.ts';

const USAGE = `usage: floe convert <object-id | base36-label>

Prints the base36 subdomain label of a Sui object ID (as portals use: <label>.localhost:3000),
or the object ID of a base36 label.`;

export const convertCommand: Command = {
  name: 'convert',
  summary: 'convert an object ID to its base36 label and back',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      { help: { type: 'boolean', short: 'h', default: false } },
      USAGE,
    );
    if (values.help) return (io.out(USAGE), 0);
    if (positionals.length !== 1) throw new UsageError('expected one object ID or base36 label', USAGE);
    const input = positionals[0]!.trim();
    if (/^0x/i.test(input)) {
      const id = normalizeObjectId(input);
      if (!id) throw new UsageError(`${input} is not a valid object ID (0x and up to 64 hex digits)`, USAGE);
      io.out(objectIdToBase36(id));
      return 0;
    }
    const id = base36ToObjectId(input);
    if (!id)
      throw new UsageError(
        `${input} is neither an object ID (0x…) nor a base36 label (0-9, a-z, at most 2^256)`,
        USAGE,
      );
    io.out(id);
    return 0;
  },
};
