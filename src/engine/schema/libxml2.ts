/**
 * The one door to libxml2 (compiled to WebAssembly by the libxml2-wasm package): parse, compile
 * XSD / RELAX NG / DTD, validate, and collect errors. Nothing else in xmlpool imports the package.
 *
 * Why the package's low-level module (lib/libxml2.mjs) rather than its classes: the classes
 * collect every error of a document into one array and one joined message (a file with a million
 * invalid records would need hundreds of MB of heap for them), compute libxml2's node path for
 * each (which writes `*` for every element in a default namespace), cannot give a DTD file its
 * base URL (so its relative parameter entities would not load), and cannot validate a document
 * against the DTD it names. These functions are exported by the package but not documented as
 * stable, so package.json pins the exact version, and the tests cover every one used here.
 *
 * Loading compiles ~1 MB of WebAssembly (~95 ms): it happens on the first schema job of a worker
 * only, never in a worker whose job has no schema.
 */
import { getHeapStatistics } from 'node:v8';
import type { XmlInputProvider } from 'libxml2-wasm/lib/libxml2.mjs';

type LowLevel = typeof import('libxml2-wasm/lib/libxml2.mjs');

/**
 * libxml2's xmlParserOption bits used here (see libxml2-wasm's ParseOption). Not NONET: it makes
 * libxml2 refuse a URL before asking the input provider, which is what maps it to a local file
 * through a catalog; the provider refuses everything remote itself, and the WebAssembly build has
 * no network code to fall back on.
 */
export const PARSE = {
  /** Substitute entities: XSD validation cannot walk entity reference nodes. */
  NOENT: 1 << 1,
  /** Load the external DTD subset. */
  DTDLOAD: 1 << 2,
  /** Validate against the document's DTD while parsing. */
  DTDVALID: 1 << 4,
  /** Lines above 65,535 are stored too (node->line is 16 bits otherwise). */
  BIG_LINES: 1 << 22,
  /** Never load an external DTD or entity. */
  NO_XXE: 1 << 23,
} as const;

/** libxml2's xmlErrorLevel. */
export const LEVEL = { WARNING: 1, ERROR: 2, FATAL: 3 } as const;

/** One error as libxml2 reports it, read lazily: the path only when the sink keeps the error. */
export interface RawError {
  level: number;
  line: number;
  /** libxml2's column; 0 when it has none (schema validity errors). */
  column: number;
  message: string;
  /** URL or path of the document the error is in, when libxml2 names one. */
  file: string | null;
  /** The element the error is about, as `/a/b[2]/c`; null when libxml2 names no node. */
  path(): string | null;
}

export type ErrorSink = (error: RawError) => void;

const ELEMENT_NODE = 1;

/** libxml2's functions for one schema language (XSD: xmlSchema…, RELAX NG: xmlRelaxNG…). */
interface GrammarFunctions {
  newParser(doc: number): number;
  parserErrors(ctxt: number, handler: number, data: number): void;
  parse(ctxt: number): number;
  freeParser(ctxt: number): void;
  newValidator(schema: number): number;
  validatorErrors(ctxt: number, handler: number, data: number): void;
  validate(ctxt: number, doc: number): number;
  freeValidator(ctxt: number): void;
  free(schema: number): void;
}

/** A compiled schema, ready to validate documents; `free` it when done. */
export interface CompiledSchema {
  kind: 'xsd' | 'rng' | 'dtd';
  /** Validates a parsed document; errors go to `sink`. Returns false when it found any. */
  validate(doc: number, sink: ErrorSink): boolean;
  free(): void;
}

export class Libxml2 {
  private readonly sinks = new Map<number, ErrorSink>();
  /** The last position computed under each parent, for the document being reported on. */
  private readonly positions = new Map<number, { node: number; name: string; position: number }>();
  private nextSink = 1;
  private readonly collector: number;

  constructor(
    private readonly lib: LowLevel,
    addFunction: (fn: (index: number, error: number) => void, signature: string) => number,
  ) {
    // One C callback for every operation: the sink is looked up by the index libxml2 passes back.
    this.collector = addFunction((index, error) => this.collect(index, error), 'vii');
  }

  /** Routes every file libxml2 wants to read through `provider` (see input-policy.ts). */
  registerInputProvider(provider: XmlInputProvider): void {
    if (!this.lib.xmlRegisterInputProvider(provider)) {
      throw new Error('libxml2 refused the input provider');
    }
  }

  /** Bytes of WebAssembly memory this isolate holds (it grows and never shrinks). */
  heapBytes(): number {
    // The wasm memory is the bulk of this isolate's external memory; the package does not
    // expose the Memory object itself. Not process.memoryUsage(): it also reads the resident
    // set from /proc, which cost 4% of a CLDR run when asked after every file.
    return getHeapStatistics().external_memory;
  }

  /**
   * Parses a document from memory; `url` is its base for relative references. Returns 0 when
   * libxml2 could not build a tree (errors went to `sink`).
   */
  parse(bytes: Uint8Array, url: string, options: number, sink: ErrorSink): number {
    return this.withSink(sink, (index) => {
      const ctxt = this.lib.xmlNewParserCtxt();
      this.lib.xmlCtxtSetErrorHandler(ctxt, this.collector, index);
      try {
        return this.lib.xmlReadMemory(ctxt, bytes, url, null, options);
      } finally {
        this.lib.xmlFreeParserCtxt(ctxt);
      }
    });
  }

  freeDocument(doc: number): void {
    if (doc !== 0) this.lib.xmlFreeDoc(doc);
  }

  /**
   * What a parsed document's prolog says that validation against a DTD depends on: its
   * standalone declaration, whether its DOCTYPE declares anything itself (an internal subset),
   * and whether the DOCTYPE names its root element.
   */
  prologOf(doc: number): {
    standalone: boolean;
    internalDeclarations: boolean;
    rootNamed: boolean;
  } {
    const { XmlDocStruct, XmlTreeCommonStruct: tree } = this.lib;
    const subset = this.lib.xmlGetIntSubset(doc);
    const root = this.lib.xmlDocGetRootElement(doc);
    return {
      standalone: XmlDocStruct.standalone(doc) === 1,
      internalDeclarations: subset !== 0 && tree.children(subset) !== 0,
      rootNamed: subset !== 0 && root !== 0 && tree.name_(subset) === this.qualifiedName(root),
    };
  }

  /**
   * Compiles an XML Schema from its parsed document. The compiled schema keeps pointing into that
   * document, so it takes it over: freed with the schema, or at once when compiling fails.
   */
  compileXsd(doc: number, sink: ErrorSink): CompiledSchema | null {
    const lib = this.lib;
    return this.compileGrammar('xsd', doc, sink, {
      newParser: lib.xmlSchemaNewDocParserCtxt,
      parserErrors: lib.xmlSchemaSetParserStructuredErrors,
      parse: lib.xmlSchemaParse,
      freeParser: lib.xmlSchemaFreeParserCtxt,
      newValidator: lib.xmlSchemaNewValidCtxt,
      validatorErrors: lib.xmlSchemaSetValidStructuredErrors,
      validate: lib.xmlSchemaValidateDoc,
      freeValidator: lib.xmlSchemaFreeValidCtxt,
      free: lib.xmlSchemaFree,
    });
  }

  /** Compiles a RELAX NG schema (XML syntax) from its parsed document, which it takes over. */
  compileRng(doc: number, sink: ErrorSink): CompiledSchema | null {
    const lib = this.lib;
    return this.compileGrammar('rng', doc, sink, {
      newParser: lib.xmlRelaxNGNewDocParserCtxt,
      parserErrors: lib.xmlRelaxNGSetParserStructuredErrors,
      parse: lib.xmlRelaxNGParse,
      freeParser: lib.xmlRelaxNGFreeParserCtxt,
      newValidator: lib.xmlRelaxNGNewValidCtxt,
      validatorErrors: lib.xmlRelaxNGSetValidStructuredErrors,
      validate: lib.xmlRelaxNGValidateDoc,
      freeValidator: lib.xmlRelaxNGFreeValidCtxt,
      free: lib.xmlRelaxNGFree,
    });
  }

  /** XSD and RELAX NG go through the same steps with their own libxml2 functions. */
  private compileGrammar(
    kind: 'xsd' | 'rng',
    doc: number,
    sink: ErrorSink,
    fns: GrammarFunctions,
  ): CompiledSchema | null {
    const schema = this.withSink(sink, (index) => {
      const ctxt = fns.newParser(doc);
      if (ctxt === 0) return 0;
      fns.parserErrors(ctxt, this.collector, index);
      try {
        return fns.parse(ctxt);
      } finally {
        fns.freeParser(ctxt);
      }
    });
    if (schema === 0) {
      this.lib.xmlFreeDoc(doc);
      return null;
    }
    return {
      kind,
      validate: (target, errors) =>
        this.withSink(errors, (index) => {
          const ctxt = fns.newValidator(schema);
          fns.validatorErrors(ctxt, this.collector, index);
          try {
            return fns.validate(ctxt, target) === 0;
          } finally {
            fns.freeValidator(ctxt);
          }
        }),
      free: () => {
        fns.free(schema);
        this.lib.xmlFreeDoc(doc);
      },
    };
  }

  /**
   * A DTD file as a validator, like `xmllint --dtdvalid`: the document's own DOCTYPE is not
   * used. `holder` is a tiny parsed document whose internal subset references the DTD file as a
   * parameter entity (so its relative parameter entities resolve against its own URL); it owns
   * the declarations and is freed with the validator.
   */
  dtdValidator(holder: number): CompiledSchema | null {
    const lib = this.lib;
    const dtd = lib.xmlGetIntSubset(holder);
    if (dtd === 0) {
      lib.xmlFreeDoc(holder);
      return null;
    }
    return {
      kind: 'dtd',
      validate: (target, errors) =>
        this.withSink(errors, (index) => {
          const ctxt = lib.xmlNewParserCtxt();
          lib.xmlCtxtSetErrorHandler(ctxt, this.collector, index);
          try {
            return lib.xmlCtxtValidateDtd(ctxt, target, dtd) === 1;
          } finally {
            lib.xmlFreeParserCtxt(ctxt);
          }
        }),
      free: () => lib.xmlFreeDoc(holder),
    };
  }

  private withSink<T>(sink: ErrorSink, run: (index: number) => T): T {
    const index = this.nextSink++;
    this.sinks.set(index, sink);
    // Pointers are reused once a document is freed: positions are only valid within one call.
    this.positions.clear();
    try {
      return run(index);
    } finally {
      this.sinks.delete(index);
    }
  }

  private collect(index: number, error: number): void {
    const sink = this.sinks.get(index);
    if (sink === undefined) return;
    const { XmlErrorStruct } = this.lib;
    const node = XmlErrorStruct.node(error);
    sink({
      level: XmlErrorStruct.level(error),
      line: XmlErrorStruct.line(error),
      column: XmlErrorStruct.col(error),
      message: XmlErrorStruct.message(error),
      file: XmlErrorStruct.file(error),
      path: () => (node === 0 ? null : this.elementPath(node)),
    });
  }

  /**
   * `/catalog/record[2]/qty`: each element by its name as written (prefix included), with its
   * position among same-named siblings when it has any. libxml2's own xmlGetNodePath writes `*`
   * for elements in a default namespace, which would make most real paths unreadable.
   */
  private elementPath(node: number): string | null {
    const { XmlTreeCommonStruct: tree } = this.lib;
    const steps: string[] = [];
    for (let current = node; current !== 0; current = tree.parent(current)) {
      if (tree.type(current) !== ELEMENT_NODE) {
        if (steps.length === 0) continue; // an attribute or text node: report its element
        break;
      }
      const name = this.qualifiedName(current);
      const position = this.positionAmongNamesakes(current, name, tree.parent(current));
      let alone = position === 1;
      for (let sibling = tree.next(current); alone && sibling !== 0; sibling = tree.next(sibling)) {
        if (tree.type(sibling) === ELEMENT_NODE && this.qualifiedName(sibling) === name) {
          alone = false;
        }
      }
      steps.push(alone ? name : `${name}[${position}]`);
    }
    return steps.length === 0 ? null : `/${steps.reverse().join('/')}`;
  }

  /**
   * 1 + the same-named elements before `node`. Errors come in document order, so the walk back
   * stops at the last sibling counted under the same parent: a file with 300,000 records and an
   * error in each walks its records once, not once per error.
   */
  private positionAmongNamesakes(node: number, name: string, parent: number): number {
    const { XmlTreeCommonStruct: tree } = this.lib;
    const known = this.positions.get(parent);
    let position = 1;
    for (let sibling = tree.prev(node); sibling !== 0; sibling = tree.prev(sibling)) {
      if (known !== undefined && sibling === known.node && known.name === name) {
        position += known.position;
        break;
      }
      if (tree.type(sibling) === ELEMENT_NODE && this.qualifiedName(sibling) === name) {
        position += 1;
      }
    }
    this.positions.set(parent, { node, name, position });
    return position;
  }

  private qualifiedName(element: number): string {
    const { XmlTreeCommonStruct: tree, XmlNamedNodeStruct: named, XmlNsStruct: ns } = this.lib;
    const local = tree.name_(element);
    const namespace = named.namespace(element);
    const prefix = namespace === 0 ? '' : ns.prefix(namespace);
    return prefix === '' ? local : `${prefix}:${local}`;
  }
}

let loading: Promise<Libxml2> | null = null;

/** The module, loaded once per isolate on first use. */
export function loadLibxml2(): Promise<Libxml2> {
  loading ??= (async () => {
    const lib = await import('libxml2-wasm/lib/libxml2.mjs');
    // Exported by the module for its siblings but left out of its type declarations.
    const addFunction: unknown = Reflect.get(lib, 'addFunction');
    if (typeof addFunction !== 'function') {
      throw new Error('libxml2-wasm no longer exports addFunction; check the pinned version');
    }
    return new Libxml2(lib, (fn, signature) => {
      const pointer: unknown = addFunction(fn, signature);
      if (typeof pointer !== 'number') throw new Error('libxml2-wasm: addFunction failed');
      return pointer;
    });
  })();
  return loading;
}
