#!/usr/bin/env python3
"""Cross-check the reference fixture with an independent float64 numpy forward pass.

Recomputes every fixture image with a plain numpy implementation (float64,
im2col convolutions, BN as (x-mean)/sqrt(var+eps)*gamma+beta) and prints
the largest differences to the onnxruntime float32 values in reference.json.
Expected: embedding max abs diff < 1e-6, logits < 1e-5.

Usage: python3 benchmarks/peers/check_fixture_float64.py
"""
import sys, json, numpy as np
from pathlib import Path; sys.path.insert(0, str(Path(__file__).resolve().parent)); import onnx_reference as ref
from PIL import Image
w={k:v.astype(np.float64) for k,v in ref.read_safetensors(ref.DEFAULT_WEIGHTS).items()}
def conv(x,W,s,groups=1):
    k=W.shape[-1]; C,H,_=x.shape
    pt,pb=ref.same_pads(H,k,s,'same'); x=np.pad(x,((0,0),(pt,pb),(pt,pb)))
    Ho=(H+pt+pb-k)//s+1
    patches=np.stack([x[:,dy:dy+s*(Ho-1)+1:s,dx:dx+s*(Ho-1)+1:s] for dy in range(k) for dx in range(k)],1) # C,kk,Ho,Ho
    if groups==1: return np.einsum('ocq,cqhw->ohw',W.reshape(W.shape[0],C,k*k),patches)
    return np.einsum('cq,cqhw->chw',W.reshape(C,k*k),patches)
def bn(x,p): return (x-w[p+'.running_mean'][:,None,None])/np.sqrt(w[p+'.running_var'][:,None,None]+1e-3)*w[p+'.weight'][:,None,None]+w[p+'.bias'][:,None,None]
r6=lambda x: np.clip(x,0,6)
def fwd(x):
    x=r6(bn(conv(x,w['_conv_stem.weight'],2),'_bn0'))
    for i,k,s,e,cin,cout in ref.block_specs():
        p=f'_blocks.{i}.'; inp=x
        if e!=1: x=r6(bn(conv(x,w[p+'_expand_conv.weight'],1),p+'_bn0'))
        x=r6(bn(conv(x,w[p+'_depthwise_conv.weight'],s,groups=x.shape[0]),p+'_bn1'))
        x=bn(conv(x,w[p+'_project_conv.weight'],1),p+'_bn2')
        if s==1 and cin==cout: x=x+inp
    x=r6(bn(conv(x,w['_conv_head.weight'],1),'_bn1'))
    pooled=x.mean(axis=(1,2)); return pooled, w['_fc.weight']@pooled+w['_fc.bias']
D = str(ref.FIXTURE_DIR) + '/'
R=json.load(open(D + 'reference.json'))

worst_e = worst_l = 0.0
ok = True
for im in R['images']:
    a=np.asarray(Image.open(D+im['file']).convert('RGB'),dtype=np.float64)
    x=((a-127)/128).transpose(2,0,1)
    pooled,logits=fwd(x); e=pooled/np.linalg.norm(pooled)
    E=np.array(im['embedding'])
    t5=[int(i) for i in np.argsort(-logits)[:5]]
    lt=np.array([l for _,l in im['logits_top5']])
    de = np.abs(e-E).max(); dl = np.abs(logits[[i for i,_ in im['logits_top5']]]-lt).max()
    worst_e, worst_l = max(worst_e, de), max(worst_l, dl)
    ok = ok and t5 == [i for i,_ in im['logits_top5']]
    print(f"{im['file']:22s} emb maxabs {np.abs(e-E).max():.2e} cos {e@E:.9f} logits maxabs {np.abs(logits[[i for i,_ in im['logits_top5']]]-lt).max():.2e} top5 same {t5==[i for i,_ in im['logits_top5']]}")
print(f"worst: embedding {worst_e:.2e}, logits {worst_l:.2e}")
sys.exit(0 if ok and worst_e < 1e-5 and worst_l < 1e-4 else 1)
