export const USAGE = `Usage: xmlpool <command> [options]

Process many XML files, and very large ones, on a pool of workers.

Commands:
  run [options] PATH...   Validate, analyse or convert XML files headless.
  serve [options]         Start the xmlpool UI in your browser.

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
                        column; stats: element, attribute and text counts, depth, paths;
                        convert: XML to JSON (one document), or NDJSON (one record per line)
                        for files over --json-limit-mb or split with --row-tag;
                        extract: records to one table (--table), see below.
  --row-tag NAME|auto   Split each big file (16 MiB or more) into chunks at <NAME> records,
                        processed by several workers at once; the result equals a one-worker
                        run. 'auto' detects the record element where that is safe. A file that
                        cannot be split correctly runs whole.

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

Report:
  -o, --out FILE        Write the report to FILE (atomically) instead of stdout ('-': stdout).
                        FILE may not be one of the inputs.
  --format F            ndjson (default), json (an array) or csv (file, ok, bytes, elements,
                        error_line, error_column, error_message; RFC 4180).
  --bom                 Start a CSV report with a UTF-8 byte order mark (for spreadsheets).

Convert (these options apply only to --task convert):
  --out-dir DIR         Folder for convert's outputs (required for convert). Names mirror
                        the inputs' paths relative to their folder (a.xml -> a.json). Inputs
                        are never overwritten.
  --force               Allow --out-dir inside (or around) an input folder.
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

Exit status: 0 every file OK, 1 some file failed (or the run was cancelled), 2 usage or setup
error (bad option, no input, output folder overlapping an input folder, unwritable --out,
--out naming an input).

Examples:
  xmlpool run data/                                   validate every *.xml under data/
  xmlpool run --task stats -o stats.json --format json data/
  xmlpool run --format csv --bom -o report.csv a.xml b.xml
  xmlpool run --task convert --out-dir json/ data/
  xmlpool run --task stats --row-tag record --workers 2 huge.xml
  xmlpool run --task extract --row-tag book --print-columns data/ > columns.txt
  xmlpool run --task extract --row-tag book --columns "$(cat columns.txt)" --table books.csv data/
`;
