import json,sys
doc=json.load(open(sys.argv[1]))
c=lambda v: json.dumps(v, ensure_ascii=False, separators=(", ", ": "))
out=["{"]
keys=list(doc)
for i,k in enumerate(keys):
    v=doc[k]; comma="," if i<len(keys)-1 else ""
    if k in ("paths",):
        out.append(f' "{k}": {{')
        items=list(v.items())
        for j,(p,ops) in enumerate(items):
            out.append(f'  {c(p)}: {{')
            ol=list(ops.items())
            for m,(meth,o) in enumerate(ol):
                out.append(f'   {c(meth)}: {c(o)}' + ("," if m<len(ol)-1 else ""))
            out.append('  }' + ("," if j<len(items)-1 else ""))
        out.append(' }'+comma)
    elif k=="components":
        out.append(f' "{k}": {{')
        ck=list(v.items())
        for j,(kk,vv) in enumerate(ck):
            out.append(f'  {c(kk)}: {{')
            il=list(vv.items())
            for m,(n,sch) in enumerate(il):
                out.append(f'   {c(n)}: {c(sch)}' + ("," if m<len(il)-1 else ""))
            out.append('  }' + ("," if j<len(ck)-1 else ""))
        out.append(' }'+comma)
    else:
        out.append(f' {c(k)}: {c(v)}{comma}')
out.append("}")
s="\n".join(out); json.loads(s); print(s)
