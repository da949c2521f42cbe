export { ExportDialog, type ExportFormat } from './ExportDialog';
