import { splitDisplayPath } from '../format';

interface FileNameProps {
  /** A relative display path such as "orders/2024/a.xml". */
  name: string;
  /** Full path, shown as a tooltip. */
  title: string;
}

/**
 * Shows a path so that the file's own name survives truncation: the folder part shrinks first
 * (keeping its last folder, with an ellipsis in front), the file name only when nothing else is
 * left. The <bdi> keeps the folder's slashes in place inside its right-to-left overflow box.
 */
export function FileName({ name, title }: FileNameProps) {
  const { folder, base } = splitDisplayPath(name);
  return (
    <span className="file-name" title={title}>
      {folder && (
        <span className="file-folder">
          <bdi>{folder}</bdi>
        </span>
      )}
      <span className="file-base">{base}</span>
    </span>
  );
}
