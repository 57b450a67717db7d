/**
 * Checks of request parameters, before any handler reads them. A client that sends params of
 * the wrong shape gets an InvalidParams error naming the field and what was expected, never
 * an internal error from a property access; well-formed params about an unknown document or a
 * position past its end get an empty answer from the handler instead.
 */
import { ErrorCodes, ResponseError, type Diagnostic, type Position, type Range } from 'vscode-languageserver';
import { rulesById } from '../core/index.js';
import type { DataEdit, DiagnosticData } from '../protocol.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** True for an LSP position: 0-based `line` and `character`, non-negative integers. */
export function isPosition(v: unknown): v is Position {
  return isObject(v) && isIndex(v.line) && isIndex(v.character);
}

/** True for an LSP range: two positions, `start` not after `end`. */
export function isRange(v: unknown): v is Range {
  return isObject(v) && isPosition(v.start) && isPosition(v.end) && (v.start.line < v.end.line || (v.start.line === v.end.line && v.start.character <= v.end.character));
}

const isEdit = (v: unknown): v is DataEdit => isObject(v) && isRange(v.range) && typeof v.newText === 'string' && (v.snippet === undefined || typeof v.snippet === 'string');
const isEditGroup = (v: unknown): v is { title: string; edits: DataEdit[] } => isObject(v) && typeof v.title === 'string' && Array.isArray(v.edits) && v.edits.every(isEdit);

/**
 * True when `v` is the `data` planlint puts on its diagnostics: a known rule id, an integer
 * version, and fixes and suggestions whose edits are well-formed ranges and strings.
 */
export function isDiagnosticData(v: unknown): v is DiagnosticData {
  return (
    isObject(v) &&
    typeof v.ruleId === 'string' &&
    rulesById.has(v.ruleId) &&
    typeof v.version === 'number' &&
    Number.isInteger(v.version) &&
    (v.fix === undefined || isEditGroup(v.fix)) &&
    (v.suggestions === undefined || (Array.isArray(v.suggestions) && v.suggestions.every(isEditGroup)))
  );
}

/** True for a diagnostic the code actions can read: an object with a valid range. */
export function isDiagnostic(v: unknown): v is Diagnostic {
  return isObject(v) && isRange(v.range);
}

function invalid(method: string, what: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `${method}: expected ${what}`);
}

function documentOf(method: string, params: unknown): Json & { textDocument: { uri: string } } {
  if (!isObject(params)) throw invalid(method, 'params to be an object');
  if (!isObject(params.textDocument) || typeof params.textDocument.uri !== 'string') throw invalid(method, 'params.textDocument.uri to be a string');
  return params as Json & { textDocument: { uri: string } };
}

function positionOf(method: string, params: Json): Position {
  if (!isPosition(params.position)) throw invalid(method, 'params.position to be { line, character } of non-negative integers');
  return params.position;
}

/** `{ textDocument: { uri } }`, or throws InvalidParams. */
export function documentParams(method: string, params: unknown): { textDocument: { uri: string } } {
  return documentOf(method, params);
}

/** `{ textDocument: { uri }, position }`, or throws InvalidParams. */
export function positionParams(method: string, params: unknown): { textDocument: { uri: string }; position: Position } {
  const p = documentOf(method, params);
  return { textDocument: p.textDocument, position: positionOf(method, p) };
}

/** `textDocument/references` params (`context.includeDeclaration` a boolean), or throws InvalidParams. */
export function referenceParams(method: string, params: unknown): { textDocument: { uri: string }; position: Position; includeDeclaration: boolean } {
  const p = positionParams(method, params);
  const context = (params as Json).context;
  if (!isObject(context) || typeof context.includeDeclaration !== 'boolean') throw invalid(method, 'params.context.includeDeclaration to be a boolean');
  return { ...p, includeDeclaration: context.includeDeclaration };
}

/** `textDocument/rename` params (`newName` a string), or throws InvalidParams. */
export function renameParams(method: string, params: unknown): { textDocument: { uri: string }; position: Position; newName: string } {
  const p = positionParams(method, params);
  const newName = (params as Json).newName;
  if (typeof newName !== 'string') throw invalid(method, 'params.newName to be a string');
  return { ...p, newName };
}

/**
 * `textDocument/codeAction` params, or throws InvalidParams. Diagnostics in the context that
 * are not objects with a range are dropped (they may come from any source); `only` must be
 * strings.
 */
export function codeActionParams(method: string, params: unknown): { textDocument: { uri: string }; range: Range; context: { diagnostics: Diagnostic[]; only?: string[] } } {
  const p = documentOf(method, params);
  if (!isRange(p.range)) throw invalid(method, 'params.range to be { start, end } positions of non-negative integers, start not after end');
  const context = p.context;
  if (!isObject(context) || !Array.isArray(context.diagnostics)) throw invalid(method, 'params.context.diagnostics to be an array');
  if (context.only !== undefined && !(Array.isArray(context.only) && context.only.every((k) => typeof k === 'string'))) throw invalid(method, 'params.context.only to be an array of strings');
  return { textDocument: p.textDocument, range: p.range, context: { diagnostics: context.diagnostics.filter(isDiagnostic), ...(context.only ? { only: context.only as string[] } : {}) } };
}

const SECTIONS = ['dod', 'tests', 'rollback'] as const;

/** `planlint/insertSection` params, or throws InvalidParams. */
export function insertSectionParams(method: string, params: unknown): { textDocument: { uri: string }; position: Position; section: (typeof SECTIONS)[number] } {
  const p = positionParams(method, params);
  const section = (params as Json).section;
  if (!SECTIONS.includes(section as (typeof SECTIONS)[number])) throw invalid(method, `params.section to be one of ${SECTIONS.map((s) => `"${s}"`).join(', ')}`);
  return { ...p, section: section as (typeof SECTIONS)[number] };
}

/** `planlint/lintText` params, or throws InvalidParams. */
export function lintTextParams(method: string, params: unknown): { uri: string; text: string } {
  if (!isObject(params) || typeof params.uri !== 'string' || typeof params.text !== 'string') throw invalid(method, 'params to be { uri: string, text: string }');
  return { uri: params.uri, text: params.text };
}
