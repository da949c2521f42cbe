export { ExportDialog, type ExportDialogProps, type ExportFormat } from './ExportDialog';
