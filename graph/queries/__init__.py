"""Questions the graph answers, one module per question, each taking the graph first."""
