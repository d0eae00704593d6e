export interface Rule {
  id: string;
  name?: string;
  enabled?: boolean;
  when: Record<string, string>;
  then: Record<string, unknown>[];
}
export function describeRule(rule: Rule, endpoints?: Map<string, string>): string;
export function ruleFromForm(form: Record<string, string>, now: number): Rule;
export function moved<T>(rules: T[], index: number, step: number): T[];
