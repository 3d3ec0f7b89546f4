"""disclosure-assistant: answers, drafts and checks 政府信息公开工作年度报告."""
