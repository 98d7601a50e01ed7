# A word-level LSTM language model in numpy with hand-written backpropagation through time: the probe of
# training/word-lm-probe/README.md. `python3 wlm.py check` compares its gradient with central differences.
import numpy as np, sys, time, collections, pickle, os
F=np.float32
class LM:
    def __init__(s, V, E=128, H=256, seed=1, dtype=F):
        r=np.random.default_rng(seed); s.V,s.E,s.H=V,E,H
        u=lambda n,m,sc: (r.uniform(-sc,sc,(n,m))).astype(dtype)
        s.p={'emb':u(V,E,0.1),'Wx':u(E,4*H,1/np.sqrt(E)),'Wh':u(H,4*H,1/np.sqrt(H)),
             'b':np.zeros(4*H,dtype),'Wo':u(H,V,1/np.sqrt(H)),'bo':np.zeros(V,dtype)}
        s.p['b'][H:2*H]=1.0
    def forward(s, inp, tgt, mask, train=True, sn=0.0, raw=False):
        # sn: weight of the self-normalisation penalty sn * (log Z)^2 per token (Devlin et al. 2014), so that a
        # trained model's raw logit can stand for the log-probability; raw: score by the raw logit (no softmax sum)
        # inp,tgt,mask: [T,B]
        p=s.p; T,B=inp.shape; H=s.H
        x=p['emb'][inp]                       # T,B,E
        zx=(x.reshape(T*B,-1)@p['Wx']).reshape(T,B,4*H)+p['b']
        h=np.zeros((B,H),x.dtype); c=np.zeros((B,H),x.dtype)
        hs=np.empty((T,B,H),x.dtype); cache=[]
        for t in range(T):
            z=zx[t]+h@p['Wh']
            i=1/(1+np.exp(-z[:,:H])); f=1/(1+np.exp(-z[:,H:2*H])); g=np.tanh(z[:,2*H:3*H]); o=1/(1+np.exp(-z[:,3*H:]))
            cp=c; c=f*cp+i*g; tc=np.tanh(c); h=o*tc
            m=mask[t][:,None]; h=h*m; c=c*m      # padded steps reset nothing that matters (padding is at the end)
            hs[t]=h; cache.append((i,f,g,o,cp,tc))
        logits=hs.reshape(T*B,H)@p['Wo']+p['bo']
        mk=mask.reshape(-1)
        if raw and not train:
            return (logits[np.arange(T*B),tgt.reshape(-1)]*mk).reshape(T,B)
        mx=logits.max(1,keepdims=True)
        logits-=mx
        e=np.exp(logits); Z=e.sum(1,keepdims=True)
        lp=logits[np.arange(T*B),tgt.reshape(-1)]-np.log(Z[:,0])
        tok_lp=(lp*mk).reshape(T,B)
        if not train: return tok_lp
        n=mk.sum()
        logz=np.log(Z[:,0])+mx[:,0]
        loss=-(lp*mk).sum()/n+sn*(logz*logz*mk).sum()/n
        d=e/Z; d[np.arange(T*B),tgt.reshape(-1)]-=1
        if sn: d+=(2*sn*logz)[:,None]*(e/Z)
        d*=(mk/n)[:,None]
        g_={}
        g_['Wo']=hs.reshape(T*B,H).T@d; g_['bo']=d.sum(0)
        dh_all=(d@p['Wo'].T).reshape(T,B,H)
        dWh=np.zeros_like(p['Wh']); dzx=np.empty((T,B,4*H),x.dtype)
        dh=np.zeros((B,H),x.dtype); dc=np.zeros((B,H),x.dtype)
        for t in reversed(range(T)):
            i,f,g,o,cp,tc=cache[t]; m=mask[t][:,None]
            dh=(dh+dh_all[t])*m
            do=dh*tc; dct=dc*m+dh*o*(1-tc*tc)
            di=dct*g; df=dct*cp; dg=dct*i; dc=dct*f
            dz=np.concatenate([di*i*(1-i),df*f*(1-f),dg*(1-g*g),do*o*(1-o)],1)
            dzx[t]=dz
            hprev=hs[t-1] if t>0 else np.zeros_like(dh)
            dWh+=hprev.T@dz
            dh=dz@p['Wh'].T
        g_['Wh']=dWh
        dz2=dzx.reshape(T*B,4*H)
        g_['Wx']=x.reshape(T*B,-1).T@dz2; g_['b']=dz2.sum(0)
        dx=dz2@p['Wx'].T
        ge=np.zeros_like(p['emb']); np.add.at(ge,inp.reshape(-1),dx)
        g_['emb']=ge
        return loss,g_,tok_lp

def batchify(seqs, idxs):
    T=max(len(seqs[k]) for k in idxs)+1; B=len(idxs)
    inp=np.zeros((T,B),np.int64); tgt=np.zeros((T,B),np.int64); mask=np.zeros((T,B),F)
    for b,k in enumerate(idxs):
        s=seqs[k]; L=len(s)
        inp[1:L+1,b]=s; tgt[:L,b]=s; tgt[L,b]=0; mask[:L+1,b]=1
    return inp,tgt,mask

def gradcheck(SN):
    r=np.random.default_rng(0)
    m=LM(13,E=5,H=4,dtype=np.float64)
    for k in m.p: m.p[k]=m.p[k]+r.normal(0,0.3,m.p[k].shape)
    seqs=[list(r.integers(1,13,size=n)) for n in (4,2,5)]
    inp,tgt,mask=batchify(seqs,[0,1,2]); mask=mask.astype(np.float64)
    loss,g,_=m.forward(inp,tgt,mask,sn=SN)
    worst=0
    for k in m.p:
        for _ in range(6):
            ix=tuple(r.integers(0,n) for n in m.p[k].shape)
            old=m.p[k][ix]; e=1e-6
            m.p[k][ix]=old+e; lp=m.forward(inp,tgt,mask,sn=SN)[0]
            m.p[k][ix]=old-e; lm=m.forward(inp,tgt,mask,sn=SN)[0]
            m.p[k][ix]=old
            num=(lp-lm)/(2*e); worst=max(worst,abs(num-g[k][ix])/max(1e-8,abs(num)+abs(g[k][ix])))
    print('gradcheck (self-normalisation weight',SN,') worst relative error',worst)

if __name__=='__main__' and sys.argv[1]=='check': gradcheck(0.0); gradcheck(0.1)
