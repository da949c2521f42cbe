// Pure, and shared with the renderer (which states the worst case next to the timeout setting).
export { backoffDelay, type BackoffOptions } from '../../../../shared/reliability';
