/** One GitHub Actions annotation: shown on the run and, for a pull request, on its diff. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
}

/** The annotation as the workflow command Actions reads from stdout, escaped as @actions/core escapes it. */
export function workflowCommand(annotation: Annotation): string {
  return `::${annotation.level} title=${escapeProperty(annotation.title)}::${escapeData(annotation.message)}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
