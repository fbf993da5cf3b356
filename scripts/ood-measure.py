# Issue 20's first measurement (a 60-patient study; superseded for the demo by scripts/ood-demo-measure.py), as run (paths under /tmp/ood-meas):
#   hemamet synth --out /tmp/ood-meas/synth --patients 60 ; hemamet ingest /tmp/ood-meas/synth/cohort --out /tmp/ood-meas/ds
#   hemamet study /tmp/ood-meas/ds --config study.json --out /tmp/ood-meas/run60b   (quick profile, sequences [T1],
#   comparisons [hemangioma-vs-metastases]); hm.sh = the hemamet launcher; then python3 scripts/ood-measure.py
"""OOD flag rates of the run60 T1 bundle: in-distribution (the cell's test / training lesions, T1 VIA regions),
and out-of-distribution (MR_small.dcm axial head T2 with overrides; T2 crops into the T1 model; noise and flat
PNGs). Run from /tmp/ood-meas; writes measure/*.csv and prints the rates."""
import csv, json, os, subprocess, sys, random, struct, zlib
H = '/tmp/ood-meas/hm.sh'
M = '/tmp/ood-meas/measure_b'
os.makedirs(M, exist_ok=True)
B = '/tmp/ood-meas/bundle60b'
def run(*a):
    r = subprocess.run([H] + list(a), capture_output=True, text=True)
    if r.returncode != 0:
        print('FAILED', a, r.stderr[-2000:]); sys.exit(1)
    return r
if not os.path.exists(B + '/ood.json'):
    run('export', '/tmp/ood-meas/run60b', '--cell', 'T1/hemangioma-vs-metastases', '--out', B)
via = json.load(open('/tmp/ood-meas/synth/cohort/annotations/via_project.json'))
def subset(seq, keep_attr):
    v = json.loads(json.dumps(via))
    meta = {k: e for k, e in v['_via_img_metadata'].items() if e['file_attributes'].get('sequence') == seq}
    if not keep_attr:
        for e in meta.values():
            del e['file_attributes']['sequence']
    v['_via_img_metadata'] = meta
    v['_via_image_id_list'] = list(meta)
    p = f'/tmp/ood-meas/synth/cohort/annotations/via_{seq}.json'
    json.dump(v, open(p, 'w'))
    return p
def batch(viafile, out, *more):
    run('predict', '--model', B, '--via', viafile, '--images', '/tmp/ood-meas/synth/cohort', '--out', out, *more)
    return list(csv.DictReader(open(out)))
t1 = batch(subset('T1', True), M + '/t1.csv')
ds = {r['sample_id']: r for r in csv.DictReader(open('/tmp/ood-meas/ds/dataset.csv'))}
test_ids = [r['sample_id'] for r in csv.DictReader(open('/tmp/ood-meas/run60b/cells/T1__hemangioma-vs-metastases__r0/predictions.csv'))]
split = {r['sample_id']: r for r in csv.DictReader(open('/tmp/ood-meas/run60b/cells/T1__hemangioma-vs-metastases__r0/split.csv'))}
def key(s): return s['source_sha256'] + ' ' + ' '.join(s[k] for k in ('roi_x', 'roi_y', 'roi_width', 'roi_height'))
bykey = {r['source_sha256'] + ' ' + r['roi']: r for r in t1}
def rate(ids, name):
    rows = [bykey[key(ds[i])] for i in ids if key(ds[i]) in bykey]
    f = sum(r['ood'] == 'true' for r in rows)
    print(f'{name}: {f}/{len(rows)} flagged ({100*f/max(1,len(rows)):.1f} %), quiet {100*(1-f/max(1,len(rows))):.1f} %')
    return rows
rate(test_ids, 'T1 test lesions of the cell (in distribution)')
train_ids = [i for i, r in split.items() if r['partition'] == 'train' and not r['dropped_from']]
if train_ids: rate(train_ids, 'T1 training-part lesions')
f = sum(r['ood'] == 'true' for r in t1); print(f'all T1 regions: {f}/{len(t1)} flagged')
t2 = batch(subset('T2', False), M + '/t2.csv', '--sequence', 'T1')
f = sum(r['ood'] == 'true' for r in t2); print(f'T2 crops into the T1 model (--sequence T1 overrides the header): {f}/{len(t2)} flagged ({100*f/len(t2):.1f} %)')
for seq in ('STIR', 'T1C'):
    rows = batch(subset(seq, False), M + f'/{seq}.csv', '--sequence', 'T1')
    f = sum(r['ood'] == 'true' for r in rows); print(f'{seq} crops into the T1 model: {f}/{len(rows)} flagged ({100*f/len(rows):.1f} %)')
# real non-spine DICOM: MR_small (axial head, T2 by TR 4000/TE 240), 64x64: ROIs over the image
dcm = '/work/wt-ood/src/test/resources/dicom/MR_small.dcm'
rois = ['16,16,32,32', '0,0,64,64', '8,8,16,16', '24,24,16,16', '40,8,16,16', '8,40,16,16', '40,40,16,16', '20,30,12,12']
out = []
for roi in rois:
    r = run('predict', '--model', B, '--image', dcm, '--roi', roi, '--sequence', 'T1', '--allow-anatomy-mismatch', '--json')
    p = json.loads(r.stdout)['predictions'][0]
    out.append(p['ood']['flag']); print('MR_small.dcm roi', roi, 'score %.2f flag %s' % (p['ood']['score'], p['ood']['flag']), {k: round(v['distance'] / v['threshold'], 2) for k, v in p['ood']['layers'].items()}, '| anatomy', p['anatomy']['mismatches'])
print(f'MR_small.dcm (real axial head MR): {sum(out)}/{len(out)} ROIs flagged')
# synthetic OOD PNGs: uniform noise, gaussian noise, flat grey, a linear ramp (8-bit grey PNG)
def png(path, w, h, px):
    raw = b''.join(b'\x00' + bytes(px[y*w:(y+1)*w]) for y in range(h))
    def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
rnd = random.Random(5)
imgs = {}
for i in range(5):
    imgs[f'noise_uniform_{i}'] = [rnd.randrange(256) for _ in range(256*256)]
    imgs[f'noise_gauss_{i}'] = [max(0, min(255, int(rnd.gauss(128, 40)))) for _ in range(256*256)]
imgs['flat'] = [128]*(256*256)
imgs['ramp'] = [x for y in range(256) for x in range(256)]
imgs['checker'] = [255 if ((x//8)+(y//8)) % 2 else 0 for y in range(256) for x in range(256)]
flags = []
for name, px in imgs.items():
    p = f'{M}/{name}.png'; png(p, 256, 256, px)
    r = run('predict', '--model', B, '--image', p, '--roi', '96,96,64,64', '--json')
    o = json.loads(r.stdout)['predictions'][0]['ood']
    flags.append(o['flag']); print(name, 'score %.2f flag %s' % (o['score'], o['flag']))
print(f'synthetic PNGs (noise, flat, ramp, checker): {sum(flags)}/{len(flags)} flagged')
