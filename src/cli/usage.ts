export const USAGE = `Usage: xmlpool <command> [options]

Process many XML files, and very large ones, on a pool of workers.

Commands:
  run [options] PATH...   Validate, analyse or convert XML files headless.
  serve [options]         Start the xmlpool UI in your browser.

Options:
  -h, --help              Show this help (also: xmlpool <command> --help).
  -v, --version           Print the version.
`;
