import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseProfile, loadConfig } from '../../vault/config.ts';
import { parseConfig } from '../../vault/config-parse.ts';

test('a config with comments and trailing commas is read as tsconfig.json is', () => {
  const { config, diagnostics } = parseConfig('{\n  // pinned so Obsidian changes nothing\n  "profile": "topic",\n  "rules": { "ambiguous-link": "off" },\n}\n');
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(config, { profile: 'topic', rules: { 'ambiguous-link': 'off' } });
});

test('a JSON syntax error is a config-syntax diagnostic at its line and column, and the defaults are used', () => {
  const { config, diagnostics } = parseConfig('{\n  "profile": "obsidian",\n  "run": { "maxRtol": \n}');
  assert.deepEqual(config, {});
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]!.rule, 'config-syntax');
  assert.deepEqual([diagnostics[0]!.line, diagnostics[0]!.column], [4, 1]);
});

test('a value of the wrong shape is reported at that value, naming its key path', () => {
  const { diagnostics } = parseConfig('{\n  "run": { "maxRtol": -1 }\n}');
  assert.equal(diagnostics[0]!.rule, 'config-invalid');
  assert.match(diagnostics[0]!.message, /^run\.maxRtol:/);
  assert.deepEqual([diagnostics[0]!.line, diagnostics[0]!.column], [2, 23]);
});

test('an unknown key is an error rather than silently ignored (a typo would otherwise change nothing)', () => {
  const { diagnostics } = parseConfig('{ "profle": "obsidian" }');
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0]!.message, /profle/);
});

test('the profile comes from --profile, else the config, else .obsidian/, else topic (spec §10)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kb-config-'));
  assert.deepEqual(await chooseProfile(dir, undefined, {}), { profile: 'topic', reason: 'default' });
  mkdirSync(join(dir, '.obsidian'));
  assert.deepEqual(await chooseProfile(dir, undefined, {}), { profile: 'obsidian', reason: '.obsidian/ folder' });
  writeFileSync(join(dir, 'kb.config.json'), '{ "profile": "topic" }');
  const { config } = await loadConfig(dir);
  assert.deepEqual(await chooseProfile(dir, undefined, config), { profile: 'topic', reason: 'kb.config.json' });
  assert.deepEqual(await chooseProfile(dir, 'obsidian', config), { profile: 'obsidian', reason: '--profile' });
});

test('a vault without a config file gets the empty config and no diagnostics', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kb-config-'));
  assert.deepEqual(await loadConfig(dir), { config: {}, file: null, diagnostics: [] });
});
