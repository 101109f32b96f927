#!/usr/bin/python3
"""Renders a Creole template as EOLE's `reconfigure` does, for tests on a machine without EOLE.

usage: creole-render.py --config-eol <config.eol> [--dico <NN_name.xml>]... <template>
       creole-render.py --describe --dico <NN_name.xml>...   (the dictionaries as JSON, for the tests' checks)

- Cheetah with the compiler settings of EOLE's creole/template.py (`%` directives, `%%` variables, the other
  tokens moved out of the way), the variables in the searchList and an `is_defined(name)` helper.
- The variables: each dictionary's defaults, then the values of config.eol (JSON `{var: {val, owner}}`, `val` a
  scalar, a list or an object indexed "0", "1"…); a variable declared multi is a list, a `number` an int.
- The dictionaries' `disabled_if_in` conditions: the variables of a disabled family (or a disabled variable) are
  absent, as in Creole; when a condition disables a filelist, the file is not rendered: exit 3 with a message.

Runs with the Debian python3 and its python3-cheetah (/usr/bin/python3, not a virtualenv's python).
"""
import argparse
import json
import sys
import xml.etree.ElementTree as ET

from Cheetah.Template import Template

# creole/template.py (EOLE 2.x): cheetah_compiler_settings.
COMPILER_SETTINGS = {
    'directiveStartToken': '%',
    'cheetahVarStartToken': '%%',
    'EOLSlurpToken': '%',
    'PSPStartToken': 'µ' * 10,
    'PSPEndToken': 'µ' * 10,
    'commentStartToken': 'µ' * 10,
    'commentEndToken': 'µ' * 10,
    'multiLineCommentStartToken': 'µ' * 10,
    'multiLineCommentEndToken': 'µ' * 10,
}


def flatten(val):
    """config.eol's `val`: a scalar, a list, or an object keyed by index."""
    if isinstance(val, dict):
        return [v for _, v in sorted(val.items(), key=lambda kv: int(kv[0]))]
    return val


def load_dicos(paths):
    """Declared variables (name -> {multi, type, default, family, help}), and disabled_if_in conditions."""
    declared, conditions = {}, []
    for path in paths:
        root = ET.parse(path).getroot()
        helps = {h.get('name'): (h.text or '').strip() for h in root.findall('help/variable')}
        for family in root.iter('family'):
            for var in family.findall('variable'):
                multi = var.get('multi') == 'True'
                values = [v.text or '' for v in var.findall('value')]
                default = values if multi else (values[0] if values else None)
                declared[var.get('name')] = {
                    'multi': multi, 'type': var.get('type', 'string'), 'default': default, 'family': family.get('name'),
                    'help': helps.get(var.get('name')),
                }
        for cond in root.iter('condition'):
            if cond.get('name') != 'disabled_if_in':
                continue
            params = [p.text or '' for p in cond.findall('param')]
            targets = [(t.get('type', 'variable'), t.text) for t in cond.findall('target')]
            conditions.append((cond.get('source'), params, targets))
    return declared, conditions


def typed(decl, val):
    if decl is None:
        return val
    if decl['multi']:
        val = [] if val is None else (val if isinstance(val, list) else [val])
        return [int(v) if decl['type'] == 'number' and v not in (None, '') else v for v in val]
    if isinstance(val, list):
        val = val[0] if val else None
    if decl['type'] == 'number' and val not in (None, ''):
        return int(val)
    return val


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--config-eol')
    parser.add_argument('--dico', action='append', default=[])
    parser.add_argument('--describe', action='store_true')
    parser.add_argument('template', nargs='?')
    args = parser.parse_args()

    declared, conditions = load_dicos(args.dico)
    if args.describe:
        families = {}
        for path in args.dico:
            root = ET.parse(path).getroot()
            families.update({h.get('name'): (h.text or '').strip() for h in root.findall('help/family')})
            files = [dict(f.attrib) for f in root.iter('file')]
            services = [{'name': s.text, **s.attrib} for s in root.iter('service')]
        json.dump({'variables': declared, 'familyHelp': families, 'files': files, 'services': services,
                   'conditions': [{'source': s, 'params': p, 'targets': t} for s, p, t in conditions]}, sys.stdout)
        return
    if args.config_eol is None or args.template is None:
        parser.error('--config-eol and a template are needed to render')
    namespace = {name: typed(decl, decl['default']) for name, decl in declared.items()}
    with open(args.config_eol, encoding='utf-8') as f:
        for name, entry in json.load(f).items():
            if name.startswith('___') or not isinstance(entry, dict) or 'val' not in entry:
                continue
            namespace[name] = typed(declared.get(name), flatten(entry['val']))

    disabled_files = set()
    for source, params, targets in conditions:
        value = namespace.get(source)
        values = value if isinstance(value, list) else [value]
        if not any(str(v) in params for v in values):
            continue
        for kind, target in targets:
            if kind == 'family':
                for name, decl in declared.items():
                    if decl['family'] == target:
                        namespace.pop(name, None)
            elif kind == 'variable':
                namespace.pop(target, None)
            elif kind == 'filelist':
                disabled_files.add(target)
    for path in args.dico:
        for file in ET.parse(path).getroot().iter('file'):
            if file.get('filelist') in disabled_files and file.get('source') == args.template.rsplit('/', 1)[-1]:
                print(f'{file.get("name")}: not rendered (filelist {file.get("filelist")} disabled)', file=sys.stderr)
                sys.exit(3)

    namespace['is_defined'] = lambda name: name in namespace
    with open(args.template, encoding='utf-8') as f:
        source = f.read()
    template = Template(source, searchList=[namespace], compilerSettings=COMPILER_SETTINGS)
    sys.stdout.write(str(template))


if __name__ == '__main__':
    main()
