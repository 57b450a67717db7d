import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { rulesById, VERSION, INVALID_SUPPRESSION } from '../core/index.js';
import { toJson, type FileReport } from '../cli/report.js';
import { analyzePlan, InputError, type PlanInput } from './analyze.js';

/** One finding as `--format json` prints it (spec/rules.md, "CLI output contract"). */
interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  docsUrl: string;
  fix?: unknown;
  suggestions?: unknown[];
}

interface JsonFile {
  path: string;
  isPlan: boolean;
  kind: string;
  score: { total: number } | null;
  findings: JsonFinding[];
  errors?: string[];
  notices?: string[];
}

const planInput = {
  text: z.string().optional().describe('The Markdown of the plan. Give exactly one of text and path.'),
  path: z.string().optional().describe("A plan file, absolute or relative to the server's working directory."),
  filename: z.string().optional().describe('With text: the file name the text stands for, so that the .planlintrc.json of its folder applies.'),
  force: z.boolean().optional().describe('Lint or score the document even when planlint does not recognize it as a plan.'),
};

const json = (value: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value, null, 2) }], structuredContent: value as Record<string, unknown> });
const refusal = (message: string): CallToolResult => ({ content: [{ type: 'text', text: message }], isError: true });

/** The report of `input` as the JSON format prints it; an {@link InputError} becomes the tool's error result. */
async function report(input: PlanInput, cwd: string, worker: string): Promise<JsonFile | CallToolResult> {
  let file: FileReport;
  try {
    file = await analyzePlan(input, cwd, worker);
  } catch (error) {
    if (error instanceof InputError) return refusal(error.message);
    throw error;
  }
  return (toJson([file]) as { files: JsonFile[] }).files[0]!;
}

const isResult = (r: JsonFile | CallToolResult): r is CallToolResult => 'content' in r;

/**
 * The planlint MCP server: tools `lint_plan` (findings), `score_plan` (the score with its
 * components) and `plan_suggestions` (the fix and suggestions of a finding, by rule and line, with
 * their edits). Lines are 1-based, columns 1-based UTF-16 code units, as in `--format json`.
 *
 * @param cwd the directory relative paths are resolved against (absolute)
 * @param worker the CLI bundle (for its analysis worker threads)
 */
export function createMcpServer(cwd: string, worker: string): McpServer {
  const server = new McpServer({ name: 'planlint', version: VERSION });

  server.registerTool(
    'lint_plan',
    {
      title: 'Lint a plan',
      description:
        'Lint a software implementation plan written in Markdown (its text, or a file): missing rollback, undefined tests, uncovered requirements, vague Definitions of Done… ' +
        'Returns the document kind, the score total and each finding (ruleId, severity, message, 1-based line and column, docsUrl, fixable, suggestionCount). ' +
        'Call plan_suggestions with a finding\'s ruleId and line for the edits that address it.',
      inputSchema: planInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input) => {
      const r = await report(input, cwd, worker);
      if (isResult(r)) return r;
      return json({
        path: r.path,
        kind: r.kind,
        isPlan: r.isPlan,
        score: r.score?.total ?? null,
        findings: r.findings.map(({ fix, suggestions, ...f }) => ({ ...f, fixable: fix !== undefined, suggestionCount: suggestions?.length ?? 0 })),
        ...(r.errors ? { errors: r.errors } : {}),
        ...(r.notices ? { notices: r.notices } : {}),
      });
    },
  );

  server.registerTool(
    'score_plan',
    {
      title: 'Score a plan',
      description:
        'The completeness score (0-100) of a plan written in Markdown (its text, or a file), with each component (stages with a Definition of Done, tests, rollback, requirements covered, risks, owners…): ' +
        'its value from 0 to 1, its weight and the counts behind it, or why it does not apply.',
      inputSchema: planInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input) => {
      const r = await report(input, cwd, worker);
      if (isResult(r)) return r;
      if (!r.score) return refusal(`${r.path} is ${r.kind === 'template' ? 'a template' : 'not a plan'}, so it has no score; pass force: true to score it anyway`);
      return json({ path: r.path, kind: r.kind, score: r.score });
    },
  );

  server.registerTool(
    'plan_suggestions',
    {
      title: "List a finding's suggestions",
      description:
        'The fix and the suggestions of the findings of one rule on one line of a plan (its text, or a file), each with its edits: ' +
        'the 1-based line and column range to replace and the text to put there (snippet: the same edit with ${1:slots} to fill in). ' +
        'A suggestion is a skeleton: its TBD/TBC slots still need the plan\'s own facts.',
      inputSchema: {
        ...planInput,
        ruleId: z.string().describe('The ruleId of the finding, as lint_plan gives it (e.g. missing-rollback).'),
        line: z.number().int().min(1).describe('A 1-based line the finding covers, e.g. its line from lint_plan.'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (input) => {
      if (!rulesById.has(input.ruleId) && input.ruleId !== INVALID_SUPPRESSION) return refusal(`Unknown ruleId "${input.ruleId}"; expected one of ${[...rulesById.keys()].join(', ')}`);
      const r = await report(input, cwd, worker);
      if (isResult(r)) return r;
      const ofRule = r.findings.filter((f) => f.ruleId === input.ruleId);
      const here = ofRule.filter((f) => f.line <= input.line && input.line <= f.endLine);
      if (!here.length) {
        const elsewhere = ofRule.length ? `; its findings start on line${ofRule.length === 1 ? '' : 's'} ${ofRule.map((f) => f.line).join(', ')}` : '; the plan has none';
        return refusal(`No ${input.ruleId} finding covers line ${input.line} of ${r.path}${elsewhere}`);
      }
      return json({
        path: r.path,
        findings: here.map((f) => ({ ...f, ...(f.fix ? {} : { fix: null }), suggestions: f.suggestions ?? [] })),
      });
    },
  );

  return server;
}

/**
 * `planlint mcp`: serves {@link createMcpServer} over stdio (JSON-RPC on stdin/stdout; stdout
 * carries nothing else) and resolves when the client closes the connection.
 */
export async function serveMcp(cwd: string, worker: string): Promise<void> {
  const server = createMcpServer(cwd, worker);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
