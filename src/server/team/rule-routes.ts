/**
 * A website's rules (ours, not Crisp's): GET the ordered list, PUT a whole new one (how rules are reordered), POST
 * one more (it runs last), DELETE one by id. Every answer carries the list as stored; a refusal changes nothing.
 */
import type { Hono, MiddlewareHandler } from "hono";
import { preview } from "../../protocol/preview.js";
import type { AutomationsStore } from "../automations/automations-store.js";
import { checkRule, checkRules } from "../automations/rule-check.js";
import { type AddResult, addRule, deleteRule, replaceAll } from "../automations/rule-edits.js";
import { MAX_RULES, type Rule } from "../automations/rules.js";
import { isRulesStore, type RulesStore } from "../automations/rules-store.js";
import type { SegmentsEnv } from "../http/options.js";
import { failure, success } from "../http/responses.js";
import { answerRefusal } from "./checked.js";
import { MAX_BATCH_BYTES, MAX_WRITE_BYTES, readJsonObject } from "./json-body.js";
import { addRoute, type TeamContext } from "./route-table.js";
import type { TeamConfig } from "./team-config.js";

type RuleStore = RulesStore & Pick<AutomationsStore, "listEndpoints">;

export function rulePaths(basePath: string) {
  const website = `${basePath}/v1/website/:website`;
  return { rules: `${website}/rules`, rule: `${website}/rule/:rule` };
}

const NO_RULES_STORE =
  "this service's store keeps no rules: use createMemoryStore, createSqliteStore or createPostgresStore";

export function addRuleRoutes(
  app: Hono<SegmentsEnv>,
  { store }: TeamConfig,
  basePath: string,
  guard: MiddlewareHandler<SegmentsEnv>,
): void {
  const paths = rulePaths(basePath);
  if (!isRulesStore(store) || typeof (store as Partial<AutomationsStore>).listEndpoints !== "function") {
    for (const path of Object.values(paths)) app.all(path, (c) => failure(c, "not_found", NO_RULES_STORE));
    return;
  }
  const rules = store as typeof store & RuleStore;
  addRoute(app, paths.rules, guard, {
    GET: async (c) => success(c, "resolved", await rules.listRules(websiteOf(c))),
    PUT: (c) => putRules(c, rules),
    POST: (c) => postRule(c, rules),
  });
  addRoute(app, paths.rule, guard, {
    DELETE: async (c) => {
      const ruleId = c.req.param("rule") ?? "";
      const left = await rules.editRules(websiteOf(c), deleteRule(ruleId));
      if (left === undefined) return failure(c, "not_found", `no rule of this website has the id ${preview(ruleId)}`);
      return success(c, "deleted", left);
    },
  });
}

const websiteOf = (c: TeamContext) => c.req.param("website") ?? "";

async function endpointIds(store: RuleStore, websiteId: string): Promise<Set<string>> {
  return new Set((await store.listEndpoints(websiteId)).map((endpoint) => endpoint.endpointId));
}

/** PUT `{rules: [...]}`: the whole list, in the order to run. */
async function putRules(c: TeamContext, store: RuleStore): Promise<Response> {
  const body = await readJsonObject(c.req.raw, MAX_BATCH_BYTES);
  if (!body.ok) return answerRefusal(c, body);
  const checked = checkRules(body.value.rules, { endpoints: await endpointIds(store, websiteOf(c)) });
  if (!checked.ok) return failure(c, "invalid_request", checked.message);
  return success(c, "updated", await store.editRules(websiteOf(c), replaceAll(checked.value)));
}

/** POST one rule: it goes last. */
async function postRule(c: TeamContext, store: RuleStore): Promise<Response> {
  const body = await readJsonObject(c.req.raw, MAX_WRITE_BYTES);
  if (!body.ok) return answerRefusal(c, body);
  const checked = checkRule(body.value, { endpoints: await endpointIds(store, websiteOf(c)) });
  if (!checked.ok) return failure(c, "invalid_request", checked.message);
  const added = await store.editRules(websiteOf(c), addRule(checked.value));
  return added.reason === "added"
    ? success(c, "added", added.rules)
    : failure(c, "invalid_request", refusal(added, checked.value));
}

function refusal(result: Exclude<AddResult, { reason: "added" }>, rule: Rule): string {
  return result.reason === "taken"
    ? `id is ${preview(rule.id)}; expected an id no other rule of the website has (delete that one, or PUT the list)`
    : `the website has ${MAX_RULES} rules, the most it may have; delete one first`;
}
