"""What OWSLib (0.27, python3-owslib) reads of a Cuntu portal, as JSON lines on stdout.

/usr/bin/python3 owslib_check.py PORTAL_URL TOKEN
"""
import json
import sys

from owslib.ogcapi.features import Features

portal, token = sys.argv[1:3]
service = Features(f'{portal}/ogc/', headers={'Authorization': f'Bearer {token}'})


def say(check, ok, **details):
    print(json.dumps({'check': check, 'ok': bool(ok), **details}, ensure_ascii=False), flush=True)


say('landing', 'links' in service.links or service.links, rels=[link['rel'] for link in service.links])
conformance = service.conformance()
say('conformance', len(conformance['conformsTo']) > 0, classes=len(conformance['conformsTo']))
collections = service.collections()
ids = [c['id'] for c in collections['collections']]
say('collections', len(ids) > 0, ids=ids)
items = service.collection_items('roads', limit=5)
say('items', len(items['features']) == 5, matched=items.get('numberMatched'), first=items['features'][0]['properties'].get('name'))
