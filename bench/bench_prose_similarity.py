"""Prose figures by meaning: the e5 cosine of wordings of table measures (exp = the measure they
state) and of other things real reports count (exp = None) against every table measure's
description — the calibration of index.prose.SIMILARITY and MARGIN. A wording is matched when its
top score is at least SIMILARITY and MARGIN ahead of the second.

    python bench/bench_prose_similarity.py
"""
import numpy as np
from index.embedding import E5Embeddings
from index.prose import MARGIN, SIMILARITY, _vocab
e=E5Embeddings()
known=_vocab()[0]
texts=[f"{m.label}：{'、'.join(w.replace('…','') for w in m.words[:4])}" for m in known]
D=np.asarray(e.embed_documents(texts))
tests=[("受理信息公开复议案件","起","reconsiderations"),("因政府信息公开被提起诉讼","件","lawsuits"),("准予许可","件","licensing_decisions"),
("作出准予行政许可的决定","件","licensing_decisions"),("实施行政检查罚款","件","penalty_decisions"),("信息公开申请中，上年度遗留","件","requests_carried_in"),
("群众要求公开政府信息的来函","件","requests_received"),("依申请公开答复中，同意公开","件","requests_granted"),("因涉及商业秘密未予公开","件","requests_withheld"),
("申请的信息不存在","件","requests_unable"),("转入明年继续办理","件","requests_carried_over"),
("在政府网站上发布各类信息","条",None),("政策、规范性文件类信息","条",None),("公开政府采购项目信息","条",None),("公开人事任免信息","条",None),
("发布政府采购公告","条",None),("向社会公开权责清单事项","项",None),("受理各类群众诉求","起",None),("办理群众来信","件",None),("公布网上信息、安全提示等","条",None),
("通过政务服务热线答复群众咨询","件",None),("收到群众诉求","件",None),("累计入库电子证照","份",None),("调用","次",None),("审批服务事项","个",None)]
for words,unit,exp in tests:
    q=np.asarray(e.embed_query(words)); s=D@q/(np.linalg.norm(D,axis=1)*np.linalg.norm(q))
    fit=sorted((i for i,m in enumerate(known) if m.cells and unit in m.units), key=lambda i:-s[i])
    if not fit: print(words,'no fit'); continue
    picked = s[fit[0]] >= SIMILARITY - 1e-9 and (len(fit) < 2 or s[fit[0]] - s[fit[1]] >= MARGIN)
    print(f"{'MATCH' if picked else '-    '} {words:22s} exp={exp} top={known[fit[0]].key}:{s[fit[0]]:.3f} 2nd={known[fit[1]].key if len(fit)>1 else '-'}:{s[fit[1]] if len(fit)>1 else 0:.3f}")
