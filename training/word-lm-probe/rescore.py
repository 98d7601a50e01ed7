# rescore.py MODEL DEV_NBEST.json TEST_NBEST.json: tunes the log-linear weights on dev's N-best lists, scores test.
# Each alternative scores acoustic + a1 * 4-gram + a2 * LSTM + beta * words + u * (words outside the LSTM's vocabulary).
import numpy as np, sys, json, pickle, itertools, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); from wlm import LM, batchify, F
vocab,params=pickle.load(open(sys.argv[1],'rb'))
RAW=os.environ.get('RAW')=='1'  # score by raw logits: for a self-normalised model (train.py SN=...)
m=LM(len(vocab),H=params['Wh'].shape[0]); m.p=params
idx={w:i for i,w in enumerate(vocab)}
def load(nbest, manifest):
    ref={}
    for l in open(manifest):
        p=l.rstrip('\n').split('\t'); ref[os.path.join(os.path.dirname(manifest),p[0])]=p[1].split()
    utts=[]
    for l in open(nbest):
        d=json.loads(l); utts.append((ref[d['file']],d['alternatives']))
    return utts
def ed(r,h):
    prev=list(range(len(h)+1))
    for i in range(1,len(r)+1):
        cur=[i]+[0]*len(h)
        for j in range(1,len(h)+1):
            cur[j]=min(prev[j]+1,cur[j-1]+1,prev[j-1]+(r[i-1]!=h[j-1]))
        prev=cur
    return prev[-1]
def features(utts):
    sents=[]; where=[]
    for u,(r,alts) in enumerate(utts):
        for a in alts:
            sents.append([idx.get(w,1) for w in a['text'].split()])
    lps=np.zeros(len(sents))
    order=sorted(range(len(sents)),key=lambda k:len(sents[k]))
    for j in range(0,len(order),256):
        ids=order[j:j+256]; inp,tgt,mask=batchify(sents,ids)
        lp=m.forward(inp,tgt,mask,train=False,raw=RAW).sum(0)
        lps[ids]=lp
    out=[];k=0
    for r,alts in utts:
        rows=[]
        for a in alts:
            words=a['text'].split()
            rows.append((a['acoustic'],a['lm'],len(words),lps[k],sum(w not in idx for w in words),ed(r,words)))
            k+=1
        out.append(np.array(rows))
    return out
def wer(feats,nref,a1,a2,beta,u):
    err=0
    for f in feats:
        s=f[:,0]+a1*f[:,1]+a2*f[:,3]+beta*f[:,2]+u*f[:,4]
        err+=f[np.argmax(s),5]
    return err/nref
dev=load(sys.argv[2],'work/synth25/dev.tsv'); test=load(sys.argv[3],'work/synth25/test.tsv')
fd=features(dev); ft=features(test)
nd=sum(len(r) for r,_ in dev); nt=sum(len(r) for r,_ in test)
print('baseline dev',wer(fd,nd,1.5,0,-1,0),'test',wer(ft,nt,1.5,0,-1,0))
best=None
for a1,a2,beta,u in itertools.product([0.5,0.75,1.0,1.25,1.5],[0,0.25,0.5,0.75,1.0],[-3,-2.5,-2,-1.5,-1,-0.5,0],[-10,-7,-4,-2,0]):
    w=wer(fd,nd,a1,a2,beta,u)
    if best is None or w<best[0]: best=(w,a1,a2,beta,u)
print('best on dev',best,'-> test',wer(ft,nt,*best[1:]))
print('LSTM without the 4-gram (a1=0), best on dev',min((wer(fd,nd,0,x,b,uu),x,b,uu) for x in [0.5,0.75,1.0,1.25,1.5] for b in [-3,-2,-1,0,1] for uu in [-10,-4,0]))
import random
random.seed(1); ids=list(range(len(fd))); random.shuffle(ids); h=len(ids)//2
A=[fd[i] for i in ids[:h]]; Bb=[fd[i] for i in ids[h:]]
na=sum(len(dev[i][0]) for i in ids[:h]); nb=sum(len(dev[i][0]) for i in ids[h:])
bA=min((wer(A,na,*c),c) for c in itertools.product([0.75,1.0,1.25,1.5],[0,0.25,0.5,0.75],[-2.5,-2,-1.5,-1],[-7,-4,-2,0]))
print('tuned on half A',bA,'-> half B',wer(Bb,nb,*bA[1]),'baseline half B',wer(Bb,nb,1.5,0,-1,0))

