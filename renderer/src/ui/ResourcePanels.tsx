import { createContext, useContext, type ComponentType } from 'react';
import type { Capabilities, ConnectionView, ResourceTypeDef, ScimResource } from '../../../shared/contract';
import type { BrowseView } from '../scim';

/**
 * What the Users and Groups browser opens beside or over its table: one resource's detail, a new
 * resource, an export of the view. Features never import each other, so the browser takes these from
 * ResourcePanelsContext, which the app layer fills with the detail and export features' components
 * (provided in app/App.tsx from app/screens.tsx).
 */

export interface DetailPanelProps {
  connection: ConnectionView;
  capabilities: Capabilities;
  resourceType: ResourceTypeDef | undefined;
  endpoint: string;
  id: string | number;
  /** What the list had, shown until the fresh read arrives. */
  initial?: ScimResource;
  /** A heading for the panel (e.g. "Row 3"). */
  heading?: string;
  onClose: () => void;
}

export interface CreatePanelProps {
  connection: ConnectionView;
  capabilities: Capabilities;
  resourceType: ResourceTypeDef;
  kind: 'users' | 'groups';
  noun: string;
  onCreated: (resource: ScimResource) => void;
  onClose: () => void;
}

export interface ExportDialogProps {
  connectionId: string;
  resourceType: ResourceTypeDef;
  noun: { one: string; many: string };
  /** The browser's view when the dialog opened: its filter and sort. */
  view: BrowseView;
  onClose: () => void;
}

export interface ResourcePanels {
  DetailPanel: ComponentType<DetailPanelProps>;
  CreatePanel: ComponentType<CreatePanelProps>;
  ExportDialog: ComponentType<ExportDialogProps>;
}

export const ResourcePanelsContext = createContext<ResourcePanels | null>(null);

export function useResourcePanels(): ResourcePanels {
  const panels = useContext(ResourcePanelsContext);
  // A missing provider is a wiring mistake, not a state to show: say where the panels come from.
  if (!panels) throw new Error('ResourcePanelsContext is not provided: the app layer (app/App.tsx) provides the detail, create and export panels.');
  return panels;
}
