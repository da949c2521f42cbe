// First, so the features' stylesheets (imported by their components) come after the app-wide ones.
import './styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { createQueryClient } from './app/queryClient';
import { createBridge } from './bridge';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');

createRoot(rootElement).render(
  <StrictMode>
    <App bridge={createBridge()} queryClient={createQueryClient()} />
  </StrictMode>,
);
