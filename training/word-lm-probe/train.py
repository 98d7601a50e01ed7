# Trains the probe's word LSTM LM on the n-gram's three texts (run from the repository root; see README.md).
import numpy as np, sys, time, collections, pickle, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); from wlm import LM, batchify, F
V=int(os.environ.get('V',12000)); H=int(os.environ.get('H',256)); B=int(os.environ.get('B',64))
EPOCHS=float(os.environ.get('EPOCHS',1)); LR=float(os.environ.get('LR',2e-3)); LIMIT=int(os.environ.get('LIMIT',0)); SN=float(os.environ.get('SN',0))
OUT=os.environ.get('OUT','work/word-lm.pkl')
texts=['work/lm-text.txt','work/lm-text.txt','work/lm-extra.txt','work/lm-sotu.txt']  # Brown twice: the mix weights it 0.67
sents=[l.split() for f in texts for l in open(f) if l.strip()]
cnt=collections.Counter(w for s in sents for w in s)
vocab=['</s>','<unk>']+[w for w,_ in cnt.most_common(V-2)]
idx={w:i for i,w in enumerate(vocab)}
enc=lambda s:[idx.get(w,1) for w in s]
seqs=[enc(s) for s in sents if len(s)<=60]
if LIMIT: seqs=seqs[:LIMIT]
ntok=sum(len(s)+1 for s in seqs); unk=sum(x==1 for s in seqs for x in s)
dev=[enc(l.split()) for l in open('work/lm-dev.txt') if l.strip()]
print(f'{len(seqs)} sentences, {ntok} tokens, unk {unk/ntok:.3%}, V {V}',flush=True)
m=LM(V,H=H)
if os.environ.get('INIT'):  # go on from a saved model (its vocabulary must be this one; Adam starts afresh)
    v0,p0=pickle.load(open(os.environ['INIT'],'rb')); assert v0==vocab, 'INIT has another vocabulary'; m.p=p0
mom={k:np.zeros_like(v) for k,v in m.p.items()}; vel={k:np.zeros_like(v) for k,v in m.p.items()}
rng=np.random.default_rng(1); step=0
def devppl():
    tot=0;n=0;tot_nu=0;n_nu=0;raw=0.0
    order=sorted(range(len(dev)),key=lambda k:len(dev[k]))
    for j in range(0,len(order),128):
        ids=order[j:j+128]; inp,tgt,mask=batchify(dev,ids)
        lp=m.forward(inp,tgt,mask,train=False)
        tot+=lp.sum(); n+=mask.sum()
        if SN: raw+=m.forward(inp,tgt,mask,train=False,raw=True).sum()  # raw logits mean something only when self-normalised
        nu=mask*(tgt!=1); tot_nu+=(lp*nu).sum(); n_nu+=nu.sum()
    return np.exp(-tot/n), np.exp(-tot_nu/n_nu), (np.exp(-raw/n) if SN else None)
t0=time.time(); nb_total=int(EPOCHS*len(seqs)/B)
while step<nb_total:
    order=rng.permutation(len(seqs)); 
    # length buckets: sort within windows of 50 batches
    batches=[]
    for w in range(0,len(order),50*B):
        part=sorted(order[w:w+50*B],key=lambda k:len(seqs[k]))
        batches+=[part[i:i+B] for i in range(0,len(part),B)]
    rng.shuffle(batches)
    for ids in batches:
        if step>=nb_total: break
        inp,tgt,mask=batchify(seqs,ids)
        loss,g,_=m.forward(inp,tgt,mask,sn=SN)
        norm=np.sqrt(sum(float((v*v).sum()) for v in g.values()))
        sc=min(1.0,5.0/(norm+1e-6)); step+=1
        lr=LR*min(1.0,step/200)*(0.5 if step>0.75*nb_total else 1.0)
        for k in m.p:
            gk=g[k]*sc
            mom[k]=0.9*mom[k]+0.1*gk; vel[k]=0.999*vel[k]+0.001*gk*gk
            m.p[k]-=(lr*(mom[k]/(1-0.9**step))/(np.sqrt(vel[k]/(1-0.999**step))+1e-8)).astype(F)
        if step%100==0:
            print(f'step {step}/{nb_total} loss {loss:.3f} ppl {np.exp(loss):.1f} {time.time()-t0:.0f}s',flush=True)
        if step%1000==0 or step==nb_total:
            print('dev ppl (all, in-vocab targets, raw logits)',devppl(),flush=True)
            pickle.dump((vocab,m.p),open(OUT+'.tmp','wb')); os.replace(OUT+'.tmp',OUT)
