/** The extract task: records to table rows (src/engine/extract does the work). */
export { extractFile } from '../extract/extract-file';
