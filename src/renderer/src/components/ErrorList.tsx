import { useEffect, useState } from 'react';
import type { SourceExcerpt } from '../../../shared/api';
import type { FileResult, XmlError } from '../../../shared/results';
import { formatCount } from '../format';
import { useSession } from '../state/session-context';

/**
 * Every error of a result, each with where it is (line, column, byte, element path), its
 * message, and the source line with a caret under the column, read from the file on demand
 * (a few KB around the error, through the backend).
 */
export function ErrorList({ result }: { result: FileResult }) {
  const { errors } = result;
  const total = result.schema?.invalid ?? errors.length;
  const title =
    errors.length === 1
      ? 'Error'
      : total > errors.length
        ? `Errors (first ${formatCount(errors.length)} of ${formatCount(total)})`
        : `Errors (${formatCount(errors.length)})`;
  return (
    <section className="details-section">
      <h3>{title}</h3>
      <ul className="error-list" data-testid="error-list">
        {errors.map((error, index) => (
          // Errors have no identity beyond their position in this fixed list.
          // biome-ignore lint/suspicious/noArrayIndexKey: static list
          <ErrorItem key={index} file={result.file} error={error} />
        ))}
      </ul>
    </section>
  );
}

function ErrorItem({ file, error }: { file: string; error: XmlError }) {
  return (
    <li data-testid="error-item">
      <div className="error-where numeric">
        <span className="error-kind">{error.kind}</span>
        {error.line !== null && (
          <span>
            line {error.line}
            {error.column !== null && `, column ${error.column}`}
          </span>
        )}
        {error.path !== undefined && <code className="error-path">{error.path}</code>}
      </div>
      <pre className="error-message">{error.message}</pre>
      {error.offset !== null && (
        <SourceLine file={file} offset={error.offset} caret={error.column !== null} />
      )}
    </li>
  );
}

/** Spaces under the text before the caret; tabs stay tabs so the caret lines up under them. */
function caretPad(text: string, column: number): string {
  return [...text]
    .slice(0, column - 1)
    .map((char) => (char === '\t' ? '\t' : ' '))
    .join('');
}

function SourceLine({ file, offset, caret }: { file: string; offset: number; caret: boolean }) {
  const session = useSession();
  const [source, setSource] = useState<SourceExcerpt | 'unavailable' | null>(null);
  useEffect(() => {
    let current = true;
    session.readSource(file, offset).then(
      (excerpt) => {
        if (current) setSource(excerpt);
      },
      () => {
        if (current) setSource('unavailable');
      },
    );
    return () => {
      current = false;
    };
  }, [session, file, offset]);
  if (source === null) return null;
  if (source === 'unavailable') {
    return <p className="muted source-unavailable">The source line could not be read.</p>;
  }
  const text = `${source.cutBefore ? '…' : ''}${source.text}${source.cutAfter ? '…' : ''}`;
  const column = source.column + (source.cutBefore ? 1 : 0);
  return (
    <pre className="source-line" data-testid="source-line">
      {text}
      {caret && `\n${caretPad(text, column)}^`}
    </pre>
  );
}
