"""What each command computes, as library calls returning the records of ``calcdiff.results``:
``request`` (reading an input, the variables, a point, the simplified answer and its value),
``differentiate`` (derive), ``multivar`` (grad, hessian, jacobian), ``lets`` (--let and its
chain rule), ``directional``, ``explore`` (tangent, limit, taylor), ``learn`` (descend,
backprop), ``check`` (--check) and ``rules_view`` (the rule table as a listing)."""
