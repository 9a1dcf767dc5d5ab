export const USAGE = `Usage: xmlpool <command> [options]

Process many XML files, and very large ones, on a pool of workers.

Commands:
  run [options] PATH...   Validate, analyse or convert XML files headless.
  serve [options]         Start the xmlpool UI in your browser.
  worker --nats URL       Run units of jobs dispatched through NATS (xmlpool run --nats).

Options:
  -h, --help              Show this help (also: xmlpool <command> --help).
  -v, --version           Print the version.
`;

export const RUN_USAGE = `Usage: xmlpool run [options] PATH...

Validate, analyse or convert XML files on a pool of workers. PATH is a file or a folder;
folders are searched recursively for files matching --include. A file named directly is always
processed, whatever its name. Missing or unreadable paths and symlink loops fail as files with
an error; they do not stop the run.

The report has one record per input file, in the order the inputs were given (folders sorted
by name), whatever order they finished in. Without --out it goes to stdout.

Task:
  --task NAME           validate (default): well-formedness, first fatal error with line and
                        column (and validity with --schema); stats: element, attribute and
                        text counts, depth, paths;
                        convert: XML to JSON (one document), or NDJSON (one line per element
                        under the root, and lines for the root's attributes, its text and
                        processing instructions) for files over --json-limit-mb or split
                        with --row-tag; extract: records to one table (--table), see below.
  --row-tag NAME|auto   Split each big file (16 MiB or more) into chunks at <NAME> records,
                        processed by several workers at once; the result equals a one-worker
                        run. 'auto' detects the record element where that is safe. A file that
                        cannot be split correctly runs whole.

Schema (validate only):
  --schema FILE|auto    Check each well-formed file against an XML Schema (XSD 1.0), a RELAX
                        NG schema (XML syntax) or a DTD, told apart by content. 'auto': each
                        document's own schema: an xml-model instruction, xsi:schemaLocation
                        or xsi:noNamespaceSchemaLocation, or its DOCTYPE (relative to the
                        document). A file named auto is ./auto. A schema that does not compile
                        is a setup error (exit 2). URLs are never fetched.
  --catalog FILE        OASIS XML catalog mapping public and system ids and URIs to local
                        files (repeatable; needs --schema).
  --max-errors N        Validity errors listed per file, in line order (default 100; the rest
                        are counted). Files over 32 MiB are validated in batches of records
                        along --row-tag (detected when not given).

Inputs:
  --include GLOB        Which files to take from folders (repeatable; default '*.xml'). A glob
                        without '/' matches the file name; with '/', the path relative to the
                        folder given (e.g. '2024/**/*.xml').
  --order size|input    Dispatch order: largest file first (default), or as given.

Workers:
  -w, --workers N       Number of workers, 1 to 256 (default: available cores).
  --backend thread|process
                        worker_threads (default) or one OS process per worker.
  --timeout MS          Fail a file that takes longer than MS (default 600000; 0: no limit;
                        at most 2147483647).
  --memory-mb MB        Heap cap per worker (default 1024); a file that exceeds it fails
                        with an out-of-memory error and the worker is replaced.

Limits (a file that passes one fails with a 'limit' error at the place it did):
  --max-depth N         Deepest element nesting accepted (default 10000).
  --max-entity-expansions N
                        Most entity references expanded from inside other entities' text in
                        one file (default 100000; stops "billion laughs").
  --max-entity-chars N  Most characters entity expansion may produce in one file (default
                        10000000); trips only where that is also over 10 times the bytes read
                        so far, so a big file using a short entity often still passes.

Report:
  -o, --out FILE        Write the report to FILE (atomically) instead of stdout ('-': stdout).
                        FILE may not be one of the inputs.
  --format F            ndjson (default), json (an array), csv (file, ok, bytes, elements,
                        error_line, error_column, error_message, then the task's own columns;
                        RFC 4180) or csv-errors (one row per error: file, ok, kind, line,
                        column, path, message, group). Without --out and --format, a terminal
                        gets a summary for people instead: failing files as file:line:col,
                        then the counts.
  --bom                 Start a CSV report with a UTF-8 byte order mark (for spreadsheets).

Run records (each written atomically after the run; none may be an input):
  --joblog FILE         One line per task attempt in GNU parallel's joblog format (Seq, Host,
                        Starttime, JobRuntime, Send, Receive, Exitval, Signal, Command; tab
                        separated). Host is the worker (worker-N), Send the bytes the task
                        was given, Receive 0, Exitval 0 ok / 1 a file failed / 2 the worker
                        crashed / -1 stopped (timeout, cancel, with Signal 15), Command an
                        xmlpool run command for the same files.
  --trace FILE.json     The run as a Chrome trace (Trace Event Format): one track per worker,
                        one complete event per task. Opens in Perfetto and chrome://tracing.
  --report-html FILE    A self-contained HTML report: summary, worker balance, timeline,
                        charts, errors grouped by message, and a table of every file. Needs
                        no network; the summary and tables read without JavaScript.

Convert (these options apply only to --task convert):
  --out-dir DIR         Folder for convert's outputs (required for convert). Names mirror
                        the inputs' paths relative to their folder (a.xml -> a.json). Inputs
                        are never overwritten.
  --force               Allow --out-dir inside (or around) an input folder.
  --overwrite           Replace outputs an earlier run left in --out-dir (without it, a run
                        that would replace one is refused before it starts).
  --attribute-prefix P  Prefix of attribute keys (default '@_').
  --text-node-name K    Key of an element's text beside attributes or children (default
                        '#text').
  --always-array PATH   Element path always emitted as an array, e.g. catalog.book
                        (repeatable).
  --parse-numbers       Emit decimal text and attribute values as JSON numbers where no digit
                        is lost ('10.5' becomes 10.5; '007' and '0x1F' stay strings).
  --parse-booleans      Emit exactly 'true'/'false' as JSON booleans.
  --json-limit-mb MB    Files up to MB become one JSON document (default 64); bigger ones
                        become NDJSON.

Cluster (remote workers through NATS JetStream; start 'xmlpool worker --nats URL' on each
machine that should help):
  --nats URL[,URL...]   Dispatch the job to the workers of this NATS server instead of a local
                        pool. --workers then sizes the plan (batches, chunks of split files);
                        each worker runs as many units at once as its own --workers.
  --shared-fs           Every worker sees the inputs at the same paths: send paths, not bytes.
  --ack-wait MS         A unit whose worker goes silent this long runs elsewhere (default
                        30000).
  --max-deliver N       A unit delivered N times without finishing (it keeps killing its
                        workers) fails with kind crash (default 3).
  --job-ttl MIN         Age limit of the job's messages and objects on the server (default
                        1440); the next run removes what a killed run left.
  --replicas N          Copies of the job's streams in a NATS cluster, 1 to 5 (default 1).
  --nats-creds FILE     A NATS credentials file (user JWT and NKey seed).
  --nats-nkey FILE      A file holding an NKey seed (SU...).
  --nats-tls-ca FILE    CA certificate to trust for TLS.
  --nats-tls-cert FILE  Client certificate, for servers that verify clients ...
  --nats-tls-key FILE   ... and its key.
                        User and password, or a token, come from the environment (never the
                        command line): XMLPOOL_NATS_USER, XMLPOOL_NATS_PASSWORD,
                        XMLPOOL_NATS_TOKEN. They are never printed.

Extract (these options apply only to --task extract, which also needs --row-tag):
  --table FILE          The table, one for all inputs (rows in input order, then document
                        order), its format by extension: .csv, .tsv, .ndjson/.jsonl,
                        .parquet, .xlsx. Written atomically; never one of the inputs.
  --columns SPEC        Columns as name=path[:type], comma separated, e.g.
                        'id=@id:int, title=title, price=price:number, tags=tags/tag:string[]'.
                        Paths are relative to the record: a/b, @id, a/@id, . and text().
                        Types: string (default), int, number, bool, date, datetime; [] makes
                        a list. Without --columns they are inferred from the first 4 MiB.
  --print-columns       Print the columns (inferred or given) as a spec and stop.
  --join SEP            Joins a list's values in CSV, TSV and XLSX cells (default '|').
  --on-bad-value P      null (default: an empty cell, counted) or fail (the file fails).
  --on-error P          keep-rows (default: rows before a file's error stay) or skip-file.
  --ns PREFIX=URI       Match PREFIX: in paths and the row tag by namespace (repeatable).
  --source-column NAME  Add a first column NAME holding each row's file.
  --bom                 Also starts a .csv or .tsv table with a UTF-8 byte order mark.

Other:
  -h, --help            Show this help.

While it runs, a terminal shows one line per worker and an overall bar with the ETA; Ctrl-C
(or SIGTERM) cancels (finished results are kept and reported), a second Ctrl-C quits at once.

Exit status: 0 every file OK, 1 some file failed or is invalid (or the run was cancelled),
2 usage or setup error (bad option, no input, output folder overlapping an input folder,
unwritable --out, --out naming an input, a schema that cannot be read or does not compile, a
catalog that does not parse).

Examples:
  xmlpool run data/                                   validate every *.xml under data/
  xmlpool run --task stats -o stats.json --format json data/
  xmlpool run --format csv --bom -o report.csv a.xml b.xml
  xmlpool run --task convert --out-dir json/ data/
  xmlpool run --task stats --row-tag record --workers 2 huge.xml
  xmlpool run --schema invoice.xsd --format csv-errors -o errors.csv invoices/
  xmlpool run --schema auto --catalog schemas/catalog.xml docs/
  xmlpool run --joblog run.tsv --trace run.json --report-html run.html data/
  xmlpool run --nats nats://10.0.0.5:4222 data/       run on the workers of that server
  xmlpool run --task extract --row-tag book --print-columns data/ > columns.txt
  xmlpool run --task extract --row-tag book --columns "$(cat columns.txt)" --table books.csv data/
`;
