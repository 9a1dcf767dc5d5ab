/**
 * General entities declared in the internal DTD subset, and the expansion accounting that guards
 * against billion-laughs and quadratic blow-up. External entities are recorded but never read.
 */
import type { ScanLimits } from '../../shared/tasks';
import type { Cursor } from './cursor';

export type EntityDecl =
  | {
      kind: 'internal';
      /** Replacement text (character references already expanded, per XML 1.0 4.5). */
      text: string;
      bytes: Uint8Array;
      /** No markup, no references, no `]]>`: expands to plain character data. */
      plain: boolean;
      /**
       * Set when the text is character data whose only references are to the predefined
       * entities (e.g. `Acme &amp; Sons`): the expansion a nested scan would produce, so content
       * references to it need no nested scanner (the benchmark corpus has hundreds per file).
       */
      flat: { text: string; bytes: Uint8Array } | null;
    }
  | { kind: 'external' }
  | { kind: 'unparsed' };

export const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['apos', "'"],
  ['quot', '"'],
]);

/** Deepest nesting of entity references inside entity replacement texts. */
export const MAX_ENTITY_NESTING = 40;

const encoder = new TextEncoder();

interface AttributeUse {
  chars: number;
  expansions: number;
}

export function internalEntity(text: string): EntityDecl {
  // Plain text is reported as character data without a scan, so it must hold nothing a scan
  // would reject there: `]]>` is not allowed in content, even from an entity.
  const plain = !text.includes('<') && !text.includes('&') && !text.includes(']]>');
  const bytes = encoder.encode(text);
  return { kind: 'internal', text, bytes, plain, flat: plain ? null : flatExpansion(text) };
}

/**
 * The character data `text` expands to when it holds no markup, no control characters (line
 * ends would need normalising), no `]]>` (a nested scan rejects it) and only references to the
 * predefined entities; otherwise null and a nested scan decides.
 */
function flatExpansion(text: string): { text: string; bytes: Uint8Array } | null {
  if (text.includes('<') || text.includes(']]>')) return null;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 0x20) return null;
    if (c === 0x26) {
      const semi = text.indexOf(';', i);
      if (semi < 0) return null;
      const replacement = PREDEFINED_ENTITIES.get(text.slice(i + 1, semi));
      if (replacement === undefined) return null;
      out += replacement;
      i = semi + 1;
    } else {
      out += text[i];
      i++;
    }
  }
  return { text: out, bytes: encoder.encode(out) };
}

/** Entity expansion counted towards ScanLimits' entity limits. */
export interface EntityUse {
  /** References expanded from inside replacement texts. */
  expansions: number;
  /** Characters produced by expansion. */
  expandedChars: number;
}

export class EntityTable {
  readonly decls = new Map<string, EntityDecl>();
  /** An external DTD subset or an unread parameter entity exists. */
  incomplete = false;
  /** The XML declaration said standalone="yes". */
  standalone = false;
  /** Expansions of references inside replacement texts (the multiplying kind). */
  expansions = 0;
  expandedChars = 0;
  /** Bytes of the document read so far (kept by the top-level scanner). */
  inputBytes = 0;
  private readonly attributeUses = new Map<string, AttributeUse>();

  constructor(readonly limits: ScanLimits) {}

  /**
   * WFC: Entity Declared only binds documents without an external subset or parameter-entity
   * references, or with standalone="yes"; otherwise an undeclared entity may live in the unread
   * declarations and is skipped.
   */
  get undeclaredAllowed(): boolean {
    return this.incomplete && !this.standalone;
  }

  /** Continues counting from what the document used before a fragment (a later split chunk). */
  resumeUse(use: EntityUse): void {
    this.expansions = use.expansions;
    this.expandedChars = use.expandedChars;
  }

  use(): EntityUse {
    return { expansions: this.expansions, expandedChars: this.expandedChars };
  }

  declare(name: string, decl: EntityDecl): void {
    if (!this.decls.has(name) && !PREDEFINED_ENTITIES.has(name)) this.decls.set(name, decl);
  }

  /**
   * Counts expansions producing `chars` characters; fails when a limit is exceeded.
   *
   * Only references made from inside replacement texts count towards maxEntityExpansions: those
   * are what multiplies (billion laughs), while references written in the document itself are
   * bounded by its size. maxEntityExpandedChars (quadratic blow-up) applies once the expanded
   * text also exceeds 10 times the bytes read, so a large document that legitimately uses a
   * short entity very often still passes.
   */
  account(cur: Cursor, chars: number, expansions: number): void {
    this.expansions += expansions;
    this.expandedChars += chars;
    if (this.expansions > this.limits.maxEntityExpansions) {
      cur.fail(
        'limit',
        `too many entity expansions (more than ${this.limits.maxEntityExpansions}); is this an entity bomb?`,
      );
    }
    if (
      this.expandedChars > this.limits.maxEntityExpandedChars &&
      this.expandedChars > 10 * this.inputBytes
    ) {
      cur.fail(
        'limit',
        `entity expansion produced more than ${this.limits.maxEntityExpandedChars} characters; is this an entity bomb?`,
      );
    }
  }

  /**
   * Checks a reference to `name` inside an attribute value (WFC: No External Entity References,
   * No < in Attribute Values, No Recursion, Parsed Entity) and accounts for its expansion.
   */
  checkAttributeReference(cur: Cursor, name: string): void {
    const use = this.attributeUse(cur, name, [], 0);
    // The reference itself is written in the document and does not count; a predefined one
    // (expansions 0) must not count as -1 either, or it would pay for a bomb elsewhere.
    if (use !== null) this.account(cur, use.chars, Math.max(0, use.expansions - 1));
  }

  private attributeUse(
    cur: Cursor,
    name: string,
    open: string[],
    nesting: number,
  ): AttributeUse | null {
    const known = this.attributeUses.get(name);
    if (known !== undefined) return known;
    if (PREDEFINED_ENTITIES.has(name)) return { chars: 1, expansions: 0 };
    const decl = this.decls.get(name);
    if (decl === undefined) {
      if (this.undeclaredAllowed) return null;
      return cur.fail('syntax', `entity '${name}' is not declared`);
    }
    if (decl.kind === 'external') {
      return cur.fail('syntax', `attribute values cannot refer to the external entity '${name}'`);
    }
    if (decl.kind === 'unparsed') {
      return cur.fail('syntax', `attribute values cannot refer to the unparsed entity '${name}'`);
    }
    if (open.includes(name)) return cur.fail('syntax', `entity '${name}' refers to itself`);
    if (nesting >= MAX_ENTITY_NESTING) {
      return cur.fail('limit', `entity references are nested more than ${MAX_ENTITY_NESTING} deep`);
    }
    if (decl.text.includes('<')) {
      return cur.fail(
        'syntax',
        `entity '${name}' contains '<', which is not allowed in an attribute value`,
      );
    }
    const use: AttributeUse = { chars: 0, expansions: 1 };
    const text = decl.text;
    open.push(name);
    let i = 0;
    while (i < text.length) {
      const amp = text.indexOf('&', i);
      if (amp < 0) {
        use.chars += text.length - i;
        break;
      }
      use.chars += amp - i;
      const semi = text.indexOf(';', amp);
      if (text.charCodeAt(amp + 1) === 0x23) {
        use.chars += 1;
      } else {
        const inner = this.attributeUse(cur, text.slice(amp + 1, semi), open, nesting + 1);
        if (inner !== null) {
          use.chars += inner.chars;
          use.expansions += inner.expansions;
        }
      }
      i = semi + 1;
    }
    open.pop();
    this.attributeUses.set(name, use);
    return use;
  }
}
